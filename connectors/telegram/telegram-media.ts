// Downloads Telegram media: getFile for the path, then GET <apiRoot>/file/bot<token>/<file_path>.
import type { InboundAttachment } from '../channel.ts';
import { fetchAttachment } from '../fetch-attachment.ts';
import type { BotApiClient } from './bot-api-client.ts';
import type { FetchMedia, MediaRef } from './normalize-message.ts';

export function telegramMediaFetcher(options: { api: BotApiClient; maxBytes: number; signal?: AbortSignal }): FetchMedia {
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
      return { ...base, refused: { reason: `getFile failed: ${(error as Error).message}` } };
    }
    if (!filePath) return { ...base, refused: { reason: 'Telegram gave no file_path' } };
    const url = options.api.fileUrl(filePath);
    const attachment = await fetchAttachment({ url, filename: ref.filename, maxBytes: options.maxBytes, knownSize: size, signal: options.signal });
    // The file server answers application/octet-stream; the message told us the real type.
    return { ...attachment, contentType: ref.contentType };
  };
}
