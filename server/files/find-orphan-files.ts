// Files in the store that no row names, found by listing it: those written before files were staged (migration 0025)
// by a transaction that rolled back or a process that died. Files written since are staged and swept on their own
// (staged-files.ts); this is the `files:orphans` command's search, never run on its own.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { isNewStorageKey, type MovableStorage, type StoredFileEntry } from './file-storage.ts';

const BATCH = 1_000;

export interface OrphanSearch {
  /** Every file the listing gave. */
  listed: number;
  /** Listed files not named like Ulak's (a console's marker, another program's file): never touched. */
  foreign: number;
  /** Ulak's files written at or after `before`: too recent to judge. */
  recent: number;
  /** Named by a row, staged, or queued for deletion already. */
  known: number;
  orphans: StoredFileEntry[];
}

/** Lists the store and answers its files written before `before` that no attachment, upload, staging or deletion names. */
export async function findOrphanFiles(database: Database, storage: MovableStorage, before: Date): Promise<OrphanSearch> {
  const search: OrphanSearch = { listed: 0, foreign: 0, recent: 0, known: 0, orphans: [] };
  let batch: StoredFileEntry[] = [];
  const judge = async () => {
    const unnamed = new Set(
      await unnamedKeys(
        database,
        batch.map((f) => f.key),
      ),
    );
    for (const file of batch) {
      if (unnamed.has(file.key)) search.orphans.push(file);
      else search.known += 1;
    }
    batch = [];
  };
  for await (const file of storage.list()) {
    search.listed += 1;
    if (!isNewStorageKey(file.key)) search.foreign += 1;
    else if (file.modifiedAt >= before) search.recent += 1;
    else if (batch.push(file) >= BATCH) await judge();
  }
  if (batch.length) await judge();
  return search;
}

/** The keys no row names, in one statement (each a lookup in an index on its column). */
async function unnamedKeys(database: Database, keys: string[]): Promise<string[]> {
  const rows = rowsOf<{ key: string }>(
    await database.db.execute(sql`select k.key from unnest(${sqlArray(keys, 'text')}) as k(key)
      where not exists (select 1 from attachments where storage_key = k.key)
        and not exists (select 1 from uploads where storage_key = k.key)
        and not exists (select 1 from staged_files where storage_key = k.key)
        and not exists (select 1 from file_deletions where storage_key = k.key)`),
  );
  return rows.map((r) => r.key);
}
