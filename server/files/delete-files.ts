// Deleting files from storage once their rows are gone: queued in the transaction that forgets them, deleted after its
// commit, and tried again, backing off, until the store takes the deletion. An erased customer's files never stay
// behind because the bucket failed at that moment.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { sqlArray } from '../db/sql-array.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { fileDeletions } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import type { FileStorage } from './file-storage.ts';

/** The first retry comes after this, each next one after twice as long, up to DELETION_RETRY_MAX_MS. */
export const DELETION_RETRY_MS = 30_000;
export const DELETION_RETRY_MAX_MS = 6 * 60 * 60_000;
/** While one process deletes a claimed file, others leave it alone this long. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 200;

export interface FileDeletionDeps {
  database: Database;
  storage: FileStorage;
  now(): Date;
  log?: Pick<Logger, 'warn'>;
}

/** Queues files for deletion inside the transaction that removes their rows; a file queued twice is queued once. */
export async function queueFileDeletions(tx: DbOrTx, keys: readonly string[], now: Date): Promise<void> {
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 10_000) {
    await tx
      .insert(fileDeletions)
      .values(unique.slice(i, i + 10_000).map((storageKey) => ({ storageKey, requestedAt: now, nextAttemptAt: now })))
      .onConflictDoNothing();
  }
}

/**
 * Deletes queued files that are due, or only `keys` (those a caller has just queued). A file the store takes leaves
 * the queue; one it does not is tried again later. Several processes can run this at once: each claims its files.
 */
export async function deleteQueuedFiles(deps: FileDeletionDeps, keys?: readonly string[]): Promise<{ deleted: number; failed: number }> {
  const result = { deleted: 0, failed: 0 };
  const { db } = deps.database;
  if (keys?.length === 0) return result;
  for (;;) {
    const now = deps.now();
    // The keys go as one array parameter: an erasure of a customer with many files stays one statement.
    const due = and(lte(fileDeletions.nextAttemptAt, now), keys ? sql`${fileDeletions.storageKey} = any(${sqlArray(keys, 'text')})` : undefined);
    const pick = db.select({ storageKey: fileDeletions.storageKey }).from(fileDeletions).where(due).orderBy(fileDeletions.nextAttemptAt).limit(BATCH).for('update', { skipLocked: true });
    const claimed = await db
      .update(fileDeletions)
      .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
      .where(inArray(fileDeletions.storageKey, pick))
      .returning({ storageKey: fileDeletions.storageKey, attempts: fileDeletions.attempts });
    for (const { storageKey, attempts } of claimed) {
      try {
        await deps.storage.delete(storageKey);
        await db.delete(fileDeletions).where(eq(fileDeletions.storageKey, storageKey));
        result.deleted += 1;
      } catch (error) {
        result.failed += 1;
        const wait = Math.min(DELETION_RETRY_MS * 2 ** attempts, DELETION_RETRY_MAX_MS);
        const message = error instanceof Error ? error.message : String(error);
        await db
          .update(fileDeletions)
          .set({ attempts: attempts + 1, lastError: message.slice(0, 500), nextAttemptAt: new Date(deps.now().getTime() + wait) })
          .where(eq(fileDeletions.storageKey, storageKey));
        deps.log?.warn({ storageKey, attempts: attempts + 1, err: message }, 'a file could not be deleted from storage; it will be tried again');
      }
    }
    // Claimed files are out of `due` now (deleted, or due later), so this ends.
    if (claimed.length < BATCH) return result;
  }
}
