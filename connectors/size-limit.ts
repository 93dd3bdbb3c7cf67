// Per-channel file size limits, checked before calling the provider so an impossible send fails at once, in words.
import { ChannelError, type OutboundAttachment } from './channel.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb)} MB`;
}

/** Throws a final INVALID error naming the first file over `limitBytes`. */
export function assertFileSize(file: OutboundAttachment, limitBytes: number, what: string): void {
  const size = file.content.byteLength;
  if (size > limitBytes) {
    throw new ChannelError('INVALID', `"${file.filename}" is ${formatBytes(size)}; ${what} can be at most ${formatBytes(limitBytes)}`);
  }
}
