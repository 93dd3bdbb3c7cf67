// Turns a reply's uploads into its attachments, inside the reply's transaction: each upload is used once, by its uploader.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { attachments, uploads } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';

export async function linkUploads(tx: Tx, messageId: string, uploadIds: string[], userId: string | undefined) {
  if (!uploadIds.length) return [];
  if (!userId) throw new AppError(422, 'invalid_attachment', 'Only an agent can attach uploaded files');
  // Deleting claims the rows: a concurrent reply naming the same upload waits on the row lock and then finds nothing.
  const claimed = await tx
    .delete(uploads)
    .where(and(inArray(uploads.id, uploadIds), eq(uploads.uploadedBy, userId)))
    .returning();
  const missing = uploadIds.find((id) => !claimed.some((row) => row.id === id));
  if (missing) {
    const [sent] = await tx.select({ id: attachments.id }).from(attachments).where(eq(attachments.id, missing));
    throw new AppError(
      422,
      'invalid_attachment',
      sent ? `attachmentIds: ${missing} was already sent with another message` : `attachmentIds: ${missing} is not a file you uploaded, or it expired unused`,
    );
  }
  // The upload id becomes the attachment id, so what the composer showed is what the thread shows.
  const ordered = uploadIds.map((id) => claimed.find((row) => row.id === id)!);
  await tx
    .insert(attachments)
    .values(ordered.map((row, position) => ({ id: row.id, messageId, filename: row.filename, contentType: row.contentType, size: row.size, storageKey: row.storageKey, position })));
  return ordered;
}
