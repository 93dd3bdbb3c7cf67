// Keeps one update the ingest always refuses from blocking the bot: a few tries, then its text alone, then skipped
// (the ladder of connectors/refusal-ladder.ts). Without it such an update came back on every poll for ever, and the
// updates queued behind it were dropped by Telegram after a day. A skipped update is recorded in channel state under
// `skipped:update:<update_id>`.
import type { ChannelContext, InboundMessage } from '../channel.ts';
import { CONTROL_CHARACTERS, RefusalLadder } from '../refusal-ladder.ts';
import { normalizeMessage, type TgMessage } from './normalize-message.ts';
import { OFFSET_KEY, type TgUpdate } from './telegram-updates.ts';

export const UPDATE_ATTEMPTS = 3;
/** Enough to read what the customer wrote; Telegram itself caps a message at 4,096 characters. */
const SIMPLIFIED_TEXT_CHARS = 4_096;
export const SKIPPED_UPDATE_PREFIX = 'skipped:update:';

export interface SkippedUpdate {
  updateId: number;
  chatId?: number;
  messageId?: number;
  error: string;
  at: string;
}

export class UpdateGuard {
  readonly #ladder = new RefusalLadder(UPDATE_ATTEMPTS);

  constructor(private readonly ctx: Pick<ChannelContext, 'sink' | 'state' | 'log' | 'now' | 'health'>) {}

  /** Delivers the update alone with `deliverOnce`, or its simplified form, or records it as skipped; throws to be retried. */
  async deliver(update: TgUpdate, deliverOnce: () => Promise<void>): Promise<void> {
    const checkpoint = { key: OFFSET_KEY, value: update.update_id + 1 };
    const message = update.message ?? update.edited_message;
    await this.#ladder.climb(String(update.update_id), {
      whole: deliverOnce,
      simplified: async (reason) => {
        this.ctx.log.warn({ updateId: update.update_id, err: reason }, 'telegram: an update was refused repeatedly; storing its text alone');
        if (!message) throw new Error('no message to store');
        await this.ctx.sink.receive(await simplified(message, !update.message, reason), { checkpoint });
      },
      skip: (error) => this.#skip(update, message, error),
    });
  }

  async #skip(update: TgUpdate, message: TgMessage | undefined, error: string): Promise<void> {
    const skipped: SkippedUpdate = { updateId: update.update_id, ...(message ? { chatId: message.chat.id, messageId: message.message_id } : {}), error, at: this.ctx.now().toISOString() };
    this.ctx.log.error({ skipped }, 'telegram: an update could not be stored even as text alone; skipped');
    this.ctx.health({ lastError: `update ${update.update_id} skipped: ${error}` });
    // The record first: a crash between the two writes retries the update, never loses track of it.
    await this.ctx.state.set(`${SKIPPED_UPDATE_PREFIX}${update.update_id}`, skipped);
    await this.ctx.sink.saveCheckpoint({ key: OFFSET_KEY, value: update.update_id + 1 });
  }
}

/** The update's message with its files left behind and its text cut and cleaned; the same key, so it never doubles. */
async function simplified(message: TgMessage, edited: boolean, error: string): Promise<InboundMessage> {
  const full = await normalizeMessage(message, {
    edited,
    fetchMedia: async (ref) => ({ filename: ref.filename, contentType: ref.contentType, size: ref.size ?? 0, refused: { reason: 'not fetched: the message was stored simplified' } }),
  });
  const text = full.text.replace(CONTROL_CHARACTERS, '').slice(0, SIMPLIFIED_TEXT_CHARS);
  const { attachments: _files, html: _html, ...rest } = full;
  return { ...rest, text, metadata: { ...full.metadata, ingestFallback: true, ingestError: error } };
}
