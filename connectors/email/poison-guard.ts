// Keeps one message the ingest always refuses from blocking the mailbox: a few tries, then simplified, then skipped
// (the ladder of connectors/refusal-ladder.ts). A skipped message stays on the IMAP server and is recorded in channel
// state under `skipped:<uidValidity>:<uid>`, so it can be listed and found.
import type { ChannelContext, InboundMessage } from '../channel.ts';
import type { FetchedMessage, MailboxCursor } from './imap-sync.ts';
import { RefusalLadder } from '../refusal-ladder.ts';

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

export class PoisonGuard {
  #options: PoisonGuardOptions;
  #ladder: RefusalLadder;

  constructor(options: PoisonGuardOptions) {
    this.#options = options;
    this.#ladder = new RefusalLadder(options.attempts);
  }

  /**
   * Commits the message with checkpoint `next`, or its simplified form, or records it as skipped and moves the
   * checkpoint past it (then returns the record). Throws when it should be retried after a reconnect.
   */
  deliver(fetched: FetchedMessage, next: MailboxCursor): Promise<SkippedMessage | undefined> {
    const { ctx, parse } = this.#options;
    const checkpoint = { key: this.#options.checkpointKey, value: next };
    let simplified: InboundMessage | undefined;
    return this.#ladder.climb(`${next.uidValidity}:${next.lastUid}`, {
      whole: async () => void (await ctx.sink.receive(await parse(fetched), { checkpoint })),
      simplified: async (reason) => {
        ctx.log.warn({ uid: next.lastUid, err: reason }, 'email: a message was refused repeatedly; importing it simplified');
        simplified = this.#options.simplify(fetched, reason);
        await ctx.sink.receive(simplified, { checkpoint });
      },
      skip: (error) => this.#skip(next, simplified, error),
    });
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
    return skipped;
  }
}
