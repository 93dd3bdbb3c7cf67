// Downloads a provider-hosted media file into an InboundAttachment, refusing (not failing) oversize or broken files.
import { ChannelError, type InboundAttachment } from './channel.ts';

export interface FetchAttachmentOptions {
  url: string;
  filename: string;
  /** Used when the response carries no Content-Type. */
  contentType?: string;
  /** Files above this are recorded as refused, never held in memory whole. */
  maxBytes: number;
  headers?: Record<string, string>;
  /** Size announced by the provider (Telegram file_size): lets us refuse before downloading. */
  knownSize?: number;
  signal?: AbortSignal;
  /**
   * What a failure that may pass (no answer, an aborted request, a 5xx or 429) does. `refuse` (the default) records
   * the file as refused; `throw` throws a TEMPORARY ChannelError, for a caller that will fetch the message again
   * (a cursor that stays before it) and so must not store it without its file.
   */
  temporaryFailures?: 'refuse' | 'throw';
}

export async function fetchAttachment(options: FetchAttachmentOptions): Promise<InboundAttachment> {
  const { url, filename, maxBytes } = options;
  const base = { filename, contentType: options.contentType ?? 'application/octet-stream', size: options.knownSize ?? 0 };
  const passingFailure = (reason: string, attachment: InboundAttachment, cause?: unknown): InboundAttachment => {
    if (options.temporaryFailures === 'throw') throw new ChannelError('TEMPORARY', reason, { cause });
    return { ...attachment, refused: { reason } };
  };
  if (options.knownSize !== undefined && options.knownSize > maxBytes) {
    return { ...base, refused: { reason: `over the size limit (${options.knownSize} > ${maxBytes} bytes)` } };
  }
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers, signal: options.signal });
  } catch (error) {
    return passingFailure(`download failed: ${(error as Error).message}`, base, error);
  }
  const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || base.contentType;
  if (!response.ok) {
    await response.body?.cancel();
    const reason = `download failed: HTTP ${response.status}`;
    if (response.status >= 500 || response.status === 429) return passingFailure(reason, { ...base, contentType });
    return { ...base, contentType, refused: { reason } };
  }
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > maxBytes) {
    await response.body?.cancel();
    return { ...base, contentType, size: announced, refused: { reason: `over the size limit (${announced} > ${maxBytes} bytes)` } };
  }
  // Count while reading: Content-Length may be absent or wrong.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ...base, contentType, size, refused: { reason: `over the size limit (more than ${maxBytes} bytes)` } };
      }
      chunks.push(value);
    }
  } catch (error) {
    return passingFailure(`download failed: ${(error as Error).message}`, { ...base, contentType }, error);
  }
  const content = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    content.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { filename, contentType, size, content };
}

/**
 * A download that failed for a reason that may pass (a retryable ChannelError) becomes a file to fetch again later from
 * `source()` (see InboundAttachment.fetchAgain), so its message is stored now; any other failure is thrown as it was.
 * For providers that send a message once and keep its file (Twilio MMS, WhatsApp).
 */
export async function fetchAgainIfPassing(download: Promise<InboundAttachment>, facts: { filename: string; contentType: string }, source: () => string): Promise<InboundAttachment> {
  try {
    return await download;
  } catch (error) {
    if (!(error instanceof ChannelError) || !error.retryable) throw error;
    return { ...facts, size: 0, fetchAgain: { source: source(), reason: error.message } };
  }
}
