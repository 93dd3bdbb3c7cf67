// What a pulling connector (a mailbox, a bot) does with one message the ingest keeps refusing, so that it cannot block
// the rest: a few tries as it is, then a simplified form, then skipped and recorded.
//
// Failures that may pass (the database or the file store away, a file the provider cannot give for a moment) never
// count: they are the system's, not the message's, and the message is tried again whole. Counted in memory for one
// channel instance: after a restart a message gets its tries again, which costs a few retries and never loses or
// doubles anything. Each connector says what its simplified form is and how it records a skipped message
// (connectors/email/poison-guard.ts, connectors/telegram/update-guard.ts).
import { isTransientFailure } from './is-transient-failure.ts';

export const errorInWords = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'unknown error';

/** Control characters other than tab and newline: a likely cause of a refused value, so a simplified form has none. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

export interface LadderSteps<Skipped> {
  /** Stores the message as it is (with its cursor); throws when refused. */
  whole(): Promise<void>;
  /** Stores its simplified form (with its cursor); `reason` is why the whole one was refused. */
  simplified(reason: string): Promise<void>;
  /** Records it as skipped and moves the cursor past it. */
  skip(reason: string): Promise<Skipped>;
}

export class RefusalLadder {
  /** The message that failed last and how often in a row; a success or another message's failure replaces it. */
  #failing: { id: string; count: number; error: string } | undefined;

  constructor(private readonly attempts: number) {}

  /** Stores message `id` by the first step that works, returning the skip record if it came to that; throws to be retried. */
  async climb<Skipped>(id: string, steps: LadderSteps<Skipped>): Promise<Skipped | undefined> {
    const failures = this.#failing?.id === id ? this.#failing.count : 0;
    if (failures < this.attempts) {
      try {
        await steps.whole();
        this.#failing = undefined;
        return undefined;
      } catch (error) {
        if (isTransientFailure(error)) throw error;
        this.#failing = { id, count: failures + 1, error: errorInWords(error) };
        if (failures + 1 < this.attempts) throw error;
      }
    }
    const reason = this.#failing!.error;
    try {
      await steps.simplified(reason);
      this.#failing = undefined;
      return undefined;
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      const skipped = await steps.skip(`${reason}; simplified: ${errorInWords(error)}`);
      this.#failing = undefined;
      return skipped;
    }
  }
}
