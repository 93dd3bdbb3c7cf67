// MMS attachments: Twilio fetches each file from a public URL, so we hand it our signed links, within MMS limits.
import { ChannelError, type AttachmentFacts, type OutboundAttachment } from '../channel.ts';
import { formatBytes, overLimitMessage } from '../size-limit.ts';

/** Twilio's MMS limits: 10 media per message, 5 MB for all of them together. */
export const MMS_MAX_MEDIA = 10;
export const MMS_TOTAL_LIMIT = 5 * 1024 * 1024;

export function mmsMediaUrls(files: OutboundAttachment[]): string[] {
  if (!files.length) return [];
  assertMmsLimits(files.map((f) => ({ filename: f.filename, size: f.content.byteLength })));
  const urls = files.map((f) => f.url);
  if (urls.some((u) => !u)) {
    throw new ChannelError('CONFIG', 'MMS needs a public address for Twilio to fetch the files from: set ULAK_PUBLIC_URL');
  }
  return urls as string[];
}

/** Throws a final INVALID error for files an MMS cannot carry: too many, or too large together. */
export function assertMmsLimits(files: AttachmentFacts[]): void {
  if (files.length > MMS_MAX_MEDIA) throw new ChannelError('INVALID', `An MMS can carry at most ${MMS_MAX_MEDIA} files; this message has ${files.length}`);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MMS_TOTAL_LIMIT) {
    throw new ChannelError(
      'INVALID',
      files.length === 1
        ? overLimitMessage('an MMS', MMS_TOTAL_LIMIT, { name: files[0]!.filename, size: total })
        : `These ${files.length} files are ${formatBytes(total)} together, over the ${formatBytes(MMS_TOTAL_LIMIT)} limit for an MMS`,
    );
  }
}
