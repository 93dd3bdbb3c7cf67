// Per-channel file size limits, checked before calling the provider so an impossible send fails at once, in words.
import { ChannelError, type AttachmentFacts, type OutboundAttachment } from './channel.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb)} MB`;
}

/** `"a.zip" is 120 MB, over the 100 MB limit for WhatsApp documents`: said the same way by the API and every channel. */
export function overLimitMessage(what: string, limitBytes: number, file?: { name: string; size: number }): string {
  const subject = file ? `"${file.name}" is ${formatBytes(file.size)}, over` : 'The file is over';
  return `${subject} the ${formatBytes(limitBytes)} limit for ${what}`;
}

/** Throws a final INVALID error when the file is over `limitBytes`. */
export function assertFileSize(file: OutboundAttachment | AttachmentFacts, limitBytes: number, what: string): void {
  const size = 'content' in file ? file.content.byteLength : file.size;
  if (size > limitBytes) throw new ChannelError('INVALID', overLimitMessage(what, limitBytes, { name: file.filename, size }));
}
