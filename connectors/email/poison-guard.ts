// Keeps one message the ingest always refuses from blocking the mailbox: a few tries, then simplified, then skipped.
//
// Failures are counted in memory for this channel instance only: after a restart a message gets its tries again,
// which costs a few retries and never loses or doubles anything. A skipped message stays on the IMAP server
// and is recorded in channel state under `skipped:<uidValidity>:<uid>`, so it can be listed and found.
import type { ChannelContext, InboundMessage } from '../channel.ts';
import type { FetchedMessage, MailboxCursor } from './imap-sync.ts';
import { isTransientFailure } from '../is-transient-failure.ts';

export const DEFAULT_POISON_ATTEMPTS = 3;
const SKIPPED_PREFIX = 'skipped:';

export interface SkippedMessage {
  uidValidity: string;
  uid: number;
  messageId?: string;
  subject?: string;
  from?: string;
  error: string;
  at: string;
}

export interface PoisonGuardOptions {
  ctx: Pick<ChannelContext, 'sink' | 'state' | 'log' | 'now'>;
  checkpointKey: string;
  parse(message: FetchedMessage): Promise<InboundMessage>;
  /** The fallback: a form of the message with little left that could be refused; `error` says why it is used. */
  simplify(message: FetchedMessage, error: string): InboundMessage;
  /** Normal-path failures of one UID before the fallback is tried. */
  attempts: number;
}

export function skippedKey(cursor: MailboxCursor): string {
  return `${SKIPPED_PREFIX}${cursor.uidValidity}:${cursor.lastUid}`;
}

export async function loadSkipped(state: PoisonGuardOptions['ctx']['state']): Promise<SkippedMessage[]> {
  const entries = await state.list<SkippedMessage>(SKIPPED_PREFIX);
  return entries.map((e) => e.value).sort((a, b) => a.at.localeCompare(b.at));
}

const inWords = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'unknown error';

export class PoisonGuard {
  #options: PoisonGuardOptions;
  /** The UID that failed last and how often in a row; a success or another UID's failure replaces it. */
  #failing: { id: string; count: number; error: string } | undefined;

  constructor(options: PoisonGuardOptions) {
    this.#options = options;
  }

  /**
   * Commits the message with checkpoint `next`, or its simplified form, or records it as skipped and moves the
   * checkpoint past it (then returns the record). Throws when it should be retried after a reconnect.
   */
  async deliver(fetched: FetchedMessage, next: MailboxCursor): Promise<SkippedMessage | undefined> {
    const { ctx, parse, attempts } = this.#options;
    const id = `${next.uidValidity}:${next.lastUid}`;
    const checkpoint = { key: this.#options.checkpointKey, value: next };
    const failures = this.#failing?.id === id ? this.#failing.count : 0;
    if (failures < attempts) {
      try {
        await ctx.sink.receive(await parse(fetched), { checkpoint });
        this.#failing = undefined;
        return undefined;
      } catch (error) {
        // A database that is away says nothing about this message: retry it whole, as often as it takes.
        if (isTransientFailure(error)) throw error;
        this.#failing = { id, count: failures + 1, error: inWords(error) };
        if (failures + 1 < attempts) throw error;
      }
    }
    const reason = this.#failing!.error;
    ctx.log.warn({ uid: next.lastUid, err: reason }, 'email: a message was refused repeatedly; importing it simplified');
    let simplified: InboundMessage | undefined;
    try {
      simplified = this.#options.simplify(fetched, reason);
      await ctx.sink.receive(simplified, { checkpoint });
      this.#failing = undefined;
      return undefined;
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      return this.#skip(next, simplified, `${reason}; simplified: ${inWords(error)}`);
    }
  }

  async #skip(cursor: MailboxCursor, message: InboundMessage | undefined, error: string): Promise<SkippedMessage> {
    const { ctx } = this.#options;
    const skipped: SkippedMessage = {
      uidValidity: cursor.uidValidity,
      uid: cursor.lastUid,
      ...(message?.externalId ? { messageId: message.externalId } : {}),
      ...(message?.subject !== undefined ? { subject: message.subject } : {}),
      ...(message?.from.identities[0] ? { from: message.from.identities[0].value } : {}),
      error,
      at: ctx.now().toISOString(),
    };
    ctx.log.error({ skipped }, 'email: a message could not be imported even simplified; skipped, it stays in the mailbox');
    // The record first: a crash between the two writes retries the message, never loses track of it.
    await ctx.state.set(skippedKey(cursor), skipped);
    await ctx.sink.saveCheckpoint({ key: this.#options.checkpointKey, value: cursor });
    this.#failing = undefined;
    return skipped;
  }
}
