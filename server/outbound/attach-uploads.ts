// A message's uploads become its attachments in the message's transaction; a file the channel can never send is refused now.
import type { Tx } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { linkUploads } from '../files/link-uploads.ts';
import { ChannelError } from '../../connectors/channel.ts';
import { driverFor } from '../../connectors/registry.ts';

/** `channelKind` is absent for a private note: it is never sent, so any file will do. */
export async function attachUploads(tx: Tx, messageId: string, uploadIds: string[], uploaderId: string | undefined, channelKind: string | undefined) {
  const files = await linkUploads(tx, messageId, uploadIds, uploaderId);
  if (channelKind && files.length) await assertSendable(channelKind, files);
  return files;
}

/** Refused in words at reply time, not discovered by a failed send later. */
async function assertSendable(channelKind: string, files: Array<{ filename: string; size: number }>) {
  const driver = await driverFor(channelKind);
  try {
    driver?.checkAttachments?.(files);
  } catch (error) {
    if (error instanceof ChannelError) throw new AppError(422, 'attachment_not_sendable', error.message);
    throw error;
  }
}
