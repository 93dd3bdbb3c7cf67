// Test fixture run as its own process (vitest workers cannot set a umask): main.ts's data-dir start-up, a
// database that writes after start-up, and one stored attachment. Usage: bun private-files.fixture.ts <dataDir>
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { DiskStorage, newStorageKey } from '../files/file-storage.ts';
import { restrictUmask, tightenTree } from './private-files.ts';

const dataDir = process.argv[2]!;
restrictUmask();
loadConfig({ ULAK_DATA_DIR: dataDir });
tightenTree(dataDir);
const database = await openDatabase({ dataDir });
// Writes after start-up create new WAL and relation files.
await database.db.execute(sql`create table notes (id serial primary key, body text)`);
await database.db.execute(sql`insert into notes (body) select repeat('gizli ', 200) from generate_series(1, 500)`);
await database.db.execute(sql`checkpoint`);
const key = newStorageKey();
await new DiskStorage(join(dataDir, 'files')).write(key, new TextEncoder().encode('fatura'));
await database.close();
console.log(key);
