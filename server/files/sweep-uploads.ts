// Forgets uploads never sent with a reply (the agent closed the tab, removed the file) once they are a day old.
import { lt } from 'drizzle-orm';
import { uploads } from '../db/schema/index.ts';
import { deleteQueuedFiles, queueFileDeletions, type FileDeletionDeps } from './delete-files.ts';

export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60_000;

export async function sweepUploads(deps: FileDeletionDeps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - UPLOAD_MAX_AGE_MS);
  // Rows first: a reply claiming the upload meanwhile either wins the row (nothing deleted) or finds it gone.
  const keys = await deps.database.db.transaction(async (tx) => {
    const gone = await tx.delete(uploads).where(lt(uploads.createdAt, cutoff)).returning({ storageKey: uploads.storageKey });
    await queueFileDeletions(
      tx,
      gone.map((g) => g.storageKey),
      deps.now(),
    );
    return gone.map((g) => g.storageKey);
  });
  await deleteQueuedFiles(deps, keys);
  return keys.length;
}
