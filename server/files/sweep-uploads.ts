// Forgets uploads never sent with a reply (the agent closed the tab, removed the file) once they are a day old.
import { lt } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { uploads } from '../db/schema/index.ts';
import type { FileStorage } from './file-storage.ts';

export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60_000;

export async function sweepUploads(deps: { database: Database; storage: FileStorage; now(): Date }): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - UPLOAD_MAX_AGE_MS);
  // Rows first: a reply claiming the upload meanwhile either wins the row (nothing deleted) or finds it gone.
  const gone = await deps.database.db.delete(uploads).where(lt(uploads.createdAt, cutoff)).returning({ storageKey: uploads.storageKey });
  for (const { storageKey } of gone) await deps.storage.delete(storageKey).catch(() => {});
  return gone.length;
}
