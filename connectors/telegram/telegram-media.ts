// Downloads Telegram media: getFile for the path, then GET <apiRoot>/file/bot<token>/<file_path>.
//
// Only a file Telegram refuses for good (too big for the Bot API, a wrong file_id) becomes a refused attachment.
// A failure that may pass (no answer, 5xx, 429, a download cut short by a stop) throws instead, so the update is not
// committed: polling keeps the offset before it and fetches it again (see deliverUpdates); a webhook answers 5xx and
// Telegram sends it again. A file that keeps failing so for two minutes stops holding up the bot's later messages: its
// message is stored with the file pending (`fetchAgain`, its file_id), and the server fetches it again later.
import type { InboundAttachment } from '../channel.ts';
import { fetchAttachment } from '../fetch-attachment.ts';
import type { BotApiClient } from './bot-api-client.ts';
import { mapTelegramError } from './map-telegram-error.ts';
import type { FetchMedia, MediaRef } from './normalize-message.ts';

/** How long a file may keep failing for a passing reason before its message is stored without it, the file to follow. */
export const MEDIA_HOLD_MS = 2 * 60_000;

export function telegramMediaFetcher(options: { api: BotApiClient; maxBytes: number; signal?: AbortSignal; now: () => Date }): FetchMedia {
  /** When each file still failing first failed (by file_id), in this process. */
  const failingSince = new Map<string, number>();
  const fetchOnce = telegramFile(options);
  return async (ref: MediaRef): Promise<InboundAttachment> => {
    try {
      const attachment = await fetchOnce(ref);
      failingSince.delete(ref.fileId);
      return attachment;
    } catch (error) {
      const now = options.now().getTime();
      const since = failingSince.get(ref.fileId);
      if (since === undefined) {
        // Bounded: files that failed and were never asked for again (a stop) are forgotten oldest first.
        if (failingSince.size >= 1_000) failingSince.delete(failingSince.keys().next().value!);
        failingSince.set(ref.fileId, now);
      } else if (now - since >= MEDIA_HOLD_MS) {
        failingSince.delete(ref.fileId);
        return { filename: ref.filename, contentType: ref.contentType, size: ref.size ?? 0, fetchAgain: { source: ref.fileId, reason: (error as Error).message } };
      }
      throw error;
    }
  };
}

/** One try at a file: refused when Telegram will never give it, a retryable ChannelError when the failure may pass. */
export function telegramFile(options: { api: BotApiClient; maxBytes: number; signal?: AbortSignal }): FetchMedia {
  return async (ref: MediaRef): Promise<InboundAttachment> => {
    const base = { filename: ref.filename, contentType: ref.contentType, size: ref.size ?? 0 };
    // Refuse before asking: getFile itself fails for files over 20 MB.
    if (ref.size !== undefined && ref.size > options.maxBytes) {
      return { ...base, refused: { reason: `over the size limit (${ref.size} > ${options.maxBytes} bytes)` } };
    }
    let filePath: string | undefined;
    let size = ref.size;
    try {
      const file = await options.api.call<{ file_path?: string; file_size?: number }>('getFile', { file_id: ref.fileId }, options.signal);
      filePath = file.file_path;
      size = file.file_size ?? size;
    } catch (error) {
      const failure = mapTelegramError(error);
      if (failure.retryable) throw failure;
      return { ...base, refused: { reason: `getFile failed: ${(error as Error).message}` } };
    }
    if (!filePath) return { ...base, refused: { reason: 'Telegram gave no file_path' } };
    const url = options.api.fileUrl(filePath);
    const attachment = await fetchAttachment({ url, filename: ref.filename, maxBytes: options.maxBytes, knownSize: size, signal: options.signal, temporaryFailures: 'throw' });
    // The file server answers application/octet-stream; the message told us the real type.
    return { ...attachment, contentType: ref.contentType };
  };
}
