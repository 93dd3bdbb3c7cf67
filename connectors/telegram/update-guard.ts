// Keeps one update the ingest always refuses from blocking the bot: a few tries, then its text alone, then skipped.
//
// Without it such an update came back on every poll for ever, and the updates queued behind it were dropped by
// Telegram after a day. Failures that may pass (the database or the file store away, a file Telegram cannot give for
// a moment) never count: they are the system's, not the update's. Counted in memory for this channel instance, as
// the mailbox's poison guard counts (connectors/email/poison-guard.ts): a restart gives the update its tries again.
import { ChannelError, type ChannelContext, type InboundMessage } from '../channel.ts';
import { isTransientFailure } from '../is-transient-failure.ts';
import { normalizeMessage, type TgMessage } from './normalize-message.ts';
import { OFFSET_KEY, type TgUpdate } from './telegram-updates.ts';

export const UPDATE_ATTEMPTS = 3;
/** Enough to read what the customer wrote; Telegram itself caps a message at 4,096 characters. */
const SIMPLIFIED_TEXT_CHARS = 4_096;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
export const SKIPPED_UPDATE_PREFIX = 'skipped:update:';

export interface SkippedUpdate {
  updateId: number;
  chatId?: number;
  messageId?: number;
  error: string;
  at: string;
}

const inWords = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'unknown error';
const passes = (error: unknown) => isTransientFailure(error) || (error instanceof ChannelError && error.retryable);

export class UpdateGuard {
  /** The update that failed last and how often in a row; a success or another update's failure replaces it. */
  #failing: { updateId: number; count: number; error: string } | undefined;

  constructor(private readonly ctx: Pick<ChannelContext, 'sink' | 'state' | 'log' | 'now' | 'health'>) {}

  /** Delivers the update alone with `deliverOnce`, or its simplified form, or records it as skipped; throws to be retried. */
  async deliver(update: TgUpdate, deliverOnce: () => Promise<void>): Promise<void> {
    const failures = this.#failing?.updateId === update.update_id ? this.#failing.count : 0;
    if (failures < UPDATE_ATTEMPTS) {
      try {
        await deliverOnce();
        this.#failing = undefined;
        return;
      } catch (error) {
        if (passes(error)) throw error;
        this.#failing = { updateId: update.update_id, count: failures + 1, error: inWords(error) };
        if (failures + 1 < UPDATE_ATTEMPTS) throw error;
      }
    }
    const reason = this.#failing!.error;
    const checkpoint = { key: OFFSET_KEY, value: update.update_id + 1 };
    const message = update.message ?? update.edited_message;
    this.ctx.log.warn({ updateId: update.update_id, err: reason }, 'telegram: an update was refused repeatedly; storing its text alone');
    try {
      if (!message) throw new Error('no message to store');
      await this.ctx.sink.receive(await simplified(message, !update.message, reason), { checkpoint });
      this.#failing = undefined;
    } catch (error) {
      if (passes(error)) throw error;
      await this.#skip(update, message, `${reason}; simplified: ${inWords(error)}`);
    }
  }

  async #skip(update: TgUpdate, message: TgMessage | undefined, error: string): Promise<void> {
    const skipped: SkippedUpdate = { updateId: update.update_id, ...(message ? { chatId: message.chat.id, messageId: message.message_id } : {}), error, at: this.ctx.now().toISOString() };
    this.ctx.log.error({ skipped }, 'telegram: an update could not be stored even as text alone; skipped');
    this.ctx.health({ lastError: `update ${update.update_id} skipped: ${error}` });
    // The record first: a crash between the two writes retries the update, never loses track of it.
    await this.ctx.state.set(`${SKIPPED_UPDATE_PREFIX}${update.update_id}`, skipped);
    await this.ctx.sink.saveCheckpoint({ key: OFFSET_KEY, value: update.update_id + 1 });
    this.#failing = undefined;
  }
}

/** The update's message with its files left behind and its text cut and cleaned; the same key, so it never doubles. */
async function simplified(message: TgMessage, edited: boolean, error: string): Promise<InboundMessage> {
  const full = await normalizeMessage(message, {
    edited,
    fetchMedia: async (ref) => ({ filename: ref.filename, contentType: ref.contentType, size: ref.size ?? 0, refused: { reason: 'not fetched: the message was stored simplified' } }),
  });
  const text = full.text.replace(CONTROL, '').slice(0, SIMPLIFIED_TEXT_CHARS);
  const { attachments: _files, html: _html, ...rest } = full;
  return { ...rest, text, metadata: { ...full.metadata, ingestFallback: true, ingestError: error } };
}
