// Sends an OutboundMessage through the Bot API, honouring Telegram's per-chat retry_after before calling again.
import { ChannelError, type OutboundAttachment, type OutboundMessage, type SendResult } from '../channel.ts';
import { assertFileSize } from '../size-limit.ts';
import { mapTelegramError } from './map-telegram-error.ts';
import type { BotApiClient } from './bot-api-client.ts';

/** Telegram's caption limit; a longer text goes as its own message. */
const CAPTION_LIMIT = 1024;
/** Bot API upload limits: photos up to 10 MB (larger ones go as documents), any file up to 50 MB. */
export const TELEGRAM_PHOTO_LIMIT = 10 * 1024 * 1024;
export const TELEGRAM_FILE_LIMIT = 50 * 1024 * 1024;

export class TelegramSender {
  #api: BotApiClient;
  #now: () => Date;
  /** chat id → epoch ms before which Telegram told us not to write to that chat. */
  #notBefore = new Map<string, number>();

  constructor(api: BotApiClient, now: () => Date) {
    this.#api = api;
    this.#now = now;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const chatId = message.to.value;
    const waitMs = (this.#notBefore.get(chatId) ?? 0) - this.#now().getTime();
    if (waitMs > 0) throw new ChannelError('RATE_LIMITED', `Telegram asked us to wait before writing to chat ${chatId}`, { retryAfterMs: waitMs });
    this.#notBefore.delete(chatId);
    try {
      return { externalId: await this.#deliver(chatId, message), status: 'sent' };
    } catch (error) {
      const mapped = error instanceof ChannelError ? error : mapTelegramError(error);
      if (mapped.code === 'RATE_LIMITED' && mapped.options.retryAfterMs) {
        this.#notBefore.set(chatId, this.#now().getTime() + mapped.options.retryAfterMs);
      }
      throw mapped;
    }
  }

  /** Returns the id of the first message sent, the one a customer's reply will quote. */
  async #deliver(chatId: string, message: OutboundMessage): Promise<string> {
    const replyTo = message.threading?.replyToExternalId;
    const reply = replyTo ? { message_id: Number(replyTo), allow_sending_without_reply: true } : undefined;
    const attachments = message.attachments ?? [];
    // Checked before the first call, so an impossible file never leaves half a message in the chat.
    for (const file of attachments) assertFileSize(file, TELEGRAM_FILE_LIMIT, 'Telegram bots');
    const captioned = attachments.length > 0 && message.text.length <= CAPTION_LIMIT;
    const ids: number[] = [];
    if (message.text && !captioned) {
      const sent = await this.#api.call<{ message_id: number }>('sendMessage', { chat_id: chatId, text: message.text, reply_parameters: reply });
      ids.push(sent.message_id);
    }
    for (const [i, attachment] of attachments.entries()) {
      const caption = captioned && i === 0 && message.text ? message.text : undefined;
      ids.push(await this.#sendFile(chatId, attachment, caption, ids.length === 0 ? reply : undefined));
    }
    if (ids.length === 0) throw new ChannelError('REJECTED', 'nothing to send: no text and no attachments');
    return String(ids[0]);
  }

  async #sendFile(chatId: string, file: OutboundAttachment, caption: string | undefined, reply: object | undefined): Promise<number> {
    const photo = /^image\/(jpeg|png|webp)$/.test(file.contentType) && file.content.byteLength <= TELEGRAM_PHOTO_LIMIT;
    const sent = await this.#api.upload<{ message_id: number }>(
      photo ? 'sendPhoto' : 'sendDocument',
      { chat_id: chatId, caption, reply_parameters: reply },
      { field: photo ? 'photo' : 'document', attachment: file },
    );
    return sent.message_id;
  }
}
