// Builds a migrated database template once per suite run: a PGlite data-dir dump, or a Postgres template database.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openDatabase } from '../../server/db/client.ts';
import { migrate, migrationsFolder } from '../../server/db/migrate.ts';

export function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const p = join(migrationsFolder, f);
    if (f.endsWith('.sql') || f.endsWith('.json')) h.update(f).update(readFileSync(p));
  }
  return h.digest('hex').slice(0, 12);
}

export function pgliteTemplatePath(): string {
  return join(tmpdir(), `ulak-template-${migrationsHash()}.tar.gz`);
}

export async function ensurePgliteTemplate(): Promise<string> {
  const file = pgliteTemplatePath();
  if (existsSync(file)) return file;
  const pg = await PGlite.create();
  const database = await openDatabase({ pglite: pg });
  await migrate(database);
  const dump = await pg.dumpDataDir('gzip');
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  await pg.close();
  return file;
}

export function postgresTemplateName(): string {
  return `ulak_tpl_${migrationsHash()}`;
}

/** Same server, another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function ensurePostgresTemplate(url: string): Promise<string> {
  const name = postgresTemplateName();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(7245002)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await admin.unsafe(`create database "${name}_building"`);
      const database = await openDatabase({ databaseUrl: withDatabase(url, `${name}_building`), max: 2 });
      await migrate(database);
      await database.close();
      await admin.unsafe(`alter database "${name}_building" rename to "${name}"`);
    }
    await admin`select pg_advisory_unlock(7245002)`;
  } finally {
    await admin.end();
  }
  return name;
}
