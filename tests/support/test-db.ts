// A fresh, migrated database for one test file: PGlite loaded from the template dump, or a Postgres database cloned from the template.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { ensurePgliteTemplate, ensurePostgresTemplate, withDatabase } from './template.ts';

export interface TestDatabase extends Database {
  /** A connection URL for this database (Postgres only): lets a test open a second "process". */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = await ensurePgliteTemplate();
    const pg = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
    const database = await openDatabase({ pglite: pg });
    return { ...database, drop: () => database.close().catch(() => {}) };
  }
  const template = await ensurePostgresTemplate(url);
  const name = `ulak_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  // Creating from a template needs the template to have no other sessions: retry briefly on contention.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const dbUrl = withDatabase(url, name);
  const database = await openDatabase({ databaseUrl: dbUrl, max: 5 });
  return {
    ...database,
    url: dbUrl,
    async drop() {
      await database.close().catch(() => {});
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end();
    },
  };
}
