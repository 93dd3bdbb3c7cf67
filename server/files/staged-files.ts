// Every file is written before the row that names it commits, and that transaction can roll back (a group-commit batch
// run again message by message, a deadlock retried) or never end (the process dies). So a file is staged: its key is
// recorded, committed, before its bytes are written, and the transaction that stores its row claims it (deletes the
// record). A record left over an hour names a file no row came to name: the sweep deletes the file through the deletion
// queue. The claim and the sweep take the same record, so a row never names a file the sweep deleted: whichever
// commits first wins, and a claim that finds its record gone fails its transaction, whose files are staged again.
import { inArray, lt } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import { stagedFiles } from '../db/schema/index.ts';
import { deleteQueuedFiles, queueFileDeletions, type FileDeletionDeps } from './delete-files.ts';
import { newStorageKey, type FileStorage } from './file-storage.ts';

/** A staged file no transaction claimed within this long is deleted; far longer than any transaction that stores one. */
export const STAGED_FILE_GRACE_MS = 60 * 60_000;
/** Files of one staging written at once: a page of mail with many attachments does not open a hundred uploads. */
const WRITES_AT_ONCE = 8;
const SWEEP_BATCH = 500;

export interface StagingDeps {
  database: Database;
  storage: FileStorage;
  now(): Date;
}

/** Writes the files under new keys, recorded as staged first (one statement), and answers the keys in order. */
export async function stageFiles(deps: StagingDeps, contents: readonly Uint8Array[]): Promise<string[]> {
  if (!contents.length) return [];
  const now = deps.now();
  const keys = contents.map(() => newStorageKey(now));
  await deps.database.db.insert(stagedFiles).values(keys.map((storageKey) => ({ storageKey, stagedAt: now })));
  let next = 0;
  const writer = async () => {
    for (let i = next++; i < contents.length; i = next++) await deps.storage.write(keys[i]!, contents[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_AT_ONCE, contents.length) }, writer));
  return keys;
}

/** A row about to name a staged file was refused it: the sweep took the file. Storing the row again stages it anew. */
export class StagedFileGone extends Error {
  constructor(readonly keys: string[]) {
    super(`staged file ${keys.join(', ')} was deleted as unclaimed before its row was stored`);
  }
}

/** In the transaction that stores the rows naming them: the files are kept from now on. Throws StagedFileGone. */
export async function claimStagedFiles(tx: DbOrTx, keys: readonly string[]): Promise<void> {
  const unique = [...new Set(keys)];
  if (!unique.length) return;
  const claimed = await tx.delete(stagedFiles).where(inArray(stagedFiles.storageKey, unique)).returning({ storageKey: stagedFiles.storageKey });
  if (claimed.length < unique.length) {
    const found = new Set(claimed.map((c) => c.storageKey));
    throw new StagedFileGone(unique.filter((k) => !found.has(k)));
  }
}

/** Deletes the files staged over STAGED_FILE_GRACE_MS ago that no transaction claimed. Several processes can run it. */
export async function sweepStagedFiles(deps: FileDeletionDeps): Promise<number> {
  const { db } = deps.database;
  let swept = 0;
  for (;;) {
    const cutoff = new Date(deps.now().getTime() - STAGED_FILE_GRACE_MS);
    const keys = await db.transaction(async (tx) => {
      const pick = tx.select({ storageKey: stagedFiles.storageKey }).from(stagedFiles).where(lt(stagedFiles.stagedAt, cutoff)).limit(SWEEP_BATCH).for('update', { skipLocked: true });
      const gone = await tx.delete(stagedFiles).where(inArray(stagedFiles.storageKey, pick)).returning({ storageKey: stagedFiles.storageKey });
      const keys = gone.map((g) => g.storageKey);
      await queueFileDeletions(tx, keys, deps.now());
      return keys;
    });
    await deleteQueuedFiles(deps, keys);
    swept += keys.length;
    if (keys.length < SWEEP_BATCH) return swept;
  }
}
