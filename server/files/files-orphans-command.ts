// `bun server/main.ts files:orphans [--older-than-days N] [--delete] [--force]`: lists the store in use and reports
// the files no row names (find-orphan-files.ts); with --delete queues them for deletion and deletes them. Files
// written since migration 0025 never need it (they are staged and swept on their own).
import { parseArgs } from 'node:util';
import { unlessMisconfigured, type Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { deleteQueuedFiles, queueFileDeletions } from './delete-files.ts';
import { findOrphanFiles } from './find-orphan-files.ts';
import { openStorage } from './open-storage.ts';

const USAGE = 'Usage: bun server/main.ts files:orphans [--older-than-days N] [--delete] [--force]';
const SHOWN = 20;

export async function filesOrphansCommand(args: string[], config: Config, print: (line: string) => void = console.log): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { 'older-than-days': { type: 'string', default: '7' }, delete: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } } }));
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const days = Number(values['older-than-days']);
  if (!Number.isFinite(days) || days < 1) {
    print(`--older-than-days must be a number of days, 1 or more.\n${USAGE}`);
    return 2;
  }
  const storage = await unlessMisconfigured(() => openStorage(config.storage), print);
  if (!storage) return 2;
  // Refused while a running Ulak has the embedded database open (pglite-lock.ts).
  const database = await unlessMisconfigured(() => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffersMb: config.pgliteSharedBuffersMb }), print);
  if (!database) return 2;
  try {
    await migrate(database);
    const before = new Date(Date.now() - days * 24 * 60 * 60_000);
    print(`Looking for files in ${storage.location} written before ${before.toISOString()} that no row names…`);
    let search;
    try {
      search = await findOrphanFiles(database, storage, before);
    } catch (error) {
      print(`Could not list the files in ${storage.location}: ${(error as Error).message}. Nothing was deleted.`);
      return 1;
    }
    const bytes = search.orphans.reduce((sum, f) => sum + f.size, 0);
    print(
      `${search.listed} listed, ${search.known} named by rows, ${search.recent} too recent to judge, ${search.foreign} not Ulak's (left alone), ${search.orphans.length} named by no row (${bytes} bytes).`,
    );
    for (const file of search.orphans.slice(0, SHOWN)) print(`  ${file.key}  ${file.size} bytes  ${file.modifiedAt.toISOString()}`);
    if (search.orphans.length > SHOWN) print(`  … and ${search.orphans.length - SHOWN} more`);
    if (!search.orphans.length) return 0;
    if (!values.delete) {
      print('Nothing deleted. Run again with --delete to delete them.');
      return 0;
    }
    // A database that names none of the store's old files is most likely not this store's: a DATABASE_URL switched
    // over the same data directory, or a bucket another installation writes to.
    if (!search.known && !values.force) {
      print(
        `No file in ${storage.location} is named by this database: is it another installation's store (or a database switched over the same data directory)? Nothing deleted; add --force if the files really are nobody's.`,
      );
      return 1;
    }
    const keys = search.orphans.map((f) => f.key);
    const now = new Date();
    await database.db.transaction((tx) => queueFileDeletions(tx, keys, now));
    const { deleted, failed } = await deleteQueuedFiles({ database, storage, now: () => new Date() }, keys);
    print(`${deleted} deleted${failed ? `, ${failed} failed (queued: the work processes try them again)` : ''}.`);
    return failed ? 1 : 0;
  } finally {
    await database.close();
  }
}
