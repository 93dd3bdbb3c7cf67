// A throwaway place for one crash run: a temp data dir, plus its own Postgres database when DATABASE_URL is given.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { ensurePgliteTemplate, withDatabase } from '../support/template.ts';

export interface ScratchDatabase {
  kind: 'pglite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  /** Opens the database from the harness; for PGlite only once the server has stopped (one process at a time). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** `prefix` names the Postgres database (`<prefix>_<random>`) and the temp dir, so CI can sweep leftovers by it. */
export async function scratchDatabase(serverUrl: string | undefined, prefix = 'ulak_crash'): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix.replace(/_/g, '-')}-`));
  if (!serverUrl) {
    // Start from the test suite's migrated template (kept in the temp dir): migrating PGlite takes longer than
    // the whole crash scenario on a loaded machine, and the restart test already covers a fresh migration.
    const template = await PGlite.create({ dataDir: join(dataDir, 'pglite'), loadDataDir: new Blob([readFileSync(await ensurePgliteTemplate())]) });
    await template.close();
    return {
      kind: 'pglite',
      dataDir,
      open: () => openDatabase({ dataDir }),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const databaseUrl = withDatabase(serverUrl, name);
  return {
    kind: 'postgres',
    dataDir,
    databaseUrl,
    open: () => openDatabase({ databaseUrl, max: 2 }),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
