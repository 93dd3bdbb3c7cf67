// Files leave storage after their rows, even when the store fails at that moment: queued with the rows' removal, and
// tried again, backing off, until the store takes the deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { MemoryStorage, putFile } from '../../tests/support/fixtures.ts';
import { fileDeletions } from '../db/schema/index.ts';
import { DELETION_RETRY_MAX_MS, DELETION_RETRY_MS, deleteQueuedFiles, queueFileDeletions } from './delete-files.ts';

/** A store whose deletions fail while `failing` is set, as a bucket that is down. */
class FlakyStorage extends MemoryStorage {
  failing = false;
  deletions: string[] = [];
  override async delete(key: string) {
    if (this.failing) throw new Error('File storage is unavailable (ConnectionRefused)');
    this.deletions.push(key);
    await super.delete(key);
  }
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function storedFiles(storage: MemoryStorage, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => putFile(storage, new TextEncoder().encode(randomUUID()))));
}
const queued = (keys: string[]) => database.db.select().from(fileDeletions).where(inArray(fileDeletions.storageKey, keys));

describe('deleting files from storage', () => {
  it('deletes queued files after the commit and forgets them', async () => {
    const storage = new FlakyStorage();
    const keys = await storedFiles(storage, 3);
    const now = new Date('2026-12-01T10:00:00Z');
    await database.db.transaction((tx) => queueFileDeletions(tx, [...keys, keys[0]!], now));
    expect(await deleteQueuedFiles({ database, storage, now: () => now }, keys)).toEqual({ deleted: 3, failed: 0 });
    expect(storage.files.size).toBe(0);
    expect(await queued(keys)).toEqual([]);
  });

  it('keeps a file the store could not delete, and deletes it once the store is back, waiting longer each time', async () => {
    const storage = new FlakyStorage();
    const [key] = await storedFiles(storage, 1);
    let now = new Date('2026-12-01T10:00:00Z');
    const deps = { database, storage, now: () => now };
    await database.db.transaction((tx) => queueFileDeletions(tx, [key!], now));
    storage.failing = true;
    expect(await deleteQueuedFiles(deps, [key!])).toEqual({ deleted: 0, failed: 1 });
    const [first] = await queued([key!]);
    expect(first).toMatchObject({ attempts: 1, lastError: 'File storage is unavailable (ConnectionRefused)', nextAttemptAt: new Date(now.getTime() + DELETION_RETRY_MS) });

    // Not due yet: the sweep leaves it alone. Due: tried again, and the wait doubles.
    expect(await deleteQueuedFiles(deps)).toEqual({ deleted: 0, failed: 0 });
    now = new Date(now.getTime() + DELETION_RETRY_MS);
    expect(await deleteQueuedFiles(deps)).toEqual({ deleted: 0, failed: 1 });
    expect((await queued([key!]))[0]).toMatchObject({ attempts: 2, nextAttemptAt: new Date(now.getTime() + 2 * DELETION_RETRY_MS) });

    storage.failing = false;
    now = new Date(now.getTime() + 2 * DELETION_RETRY_MS);
    expect(await deleteQueuedFiles(deps)).toEqual({ deleted: 1, failed: 0 });
    expect(storage.files.has(key!)).toBe(false);
    expect(await queued([key!])).toEqual([]);
  });

  it('never waits longer than the longest retry, however often the store failed', async () => {
    const storage = new FlakyStorage();
    const [key] = await storedFiles(storage, 1);
    const now = new Date('2026-12-01T10:00:00Z');
    await database.db.insert(fileDeletions).values({ storageKey: key!, attempts: 40, nextAttemptAt: now });
    storage.failing = true;
    await deleteQueuedFiles({ database, storage, now: () => now }, [key!]);
    expect((await queued([key!]))[0]).toMatchObject({ attempts: 41, nextAttemptAt: new Date(now.getTime() + DELETION_RETRY_MAX_MS) });
  });

  it('deletes each file once when two workers sweep at the same time, past one batch', async () => {
    const storage = new FlakyStorage();
    const keys = await storedFiles(storage, 450);
    const now = new Date('2026-12-01T09:00:00Z');
    await database.db.transaction((tx) => queueFileDeletions(tx, keys, now));
    const deps = { database, storage, now: () => new Date('2026-12-01T10:00:00Z') };
    const [a, b] = await Promise.all([deleteQueuedFiles(deps), deleteQueuedFiles(deps)]);
    expect(a.deleted + b.deleted).toBe(450);
    expect(storage.deletions.toSorted()).toEqual(keys.toSorted());
    expect(await queued(keys)).toEqual([]);
  });
});
