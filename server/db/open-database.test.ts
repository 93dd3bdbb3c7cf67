// A database that cannot be used stops whoever opens it (the server's start, a command) in words: a Postgres naming
// DATABASE_URL, an embedded directory naming itself.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';
import { withDatabase } from '../../tests/support/template.ts';
import { freePort } from '../../tests/crash/server-process.ts';

describe('opening a Postgres that cannot be used', () => {
  it('refused: says so, naming the address without its password', async () => {
    const port = await freePort(); // nobody listens there
    const opening = openDatabase({ databaseUrl: `postgres://ulak:s3cret@127.0.0.1:${port}/ulak` });
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(
      `The database at postgres://ulak:***@127.0.0.1:${port}/ulak cannot be used: connect ECONNREFUSED 127.0.0.1:${port}. Check DATABASE_URL, and that Postgres runs there and admits this role.`,
    );
  });

  it.runIf(!!process.env.DATABASE_URL)('a database that does not exist: says which, with its code', async () => {
    const url = withDatabase(process.env.DATABASE_URL!, 'ulak_no_such_database');
    await expect(openDatabase({ databaseUrl: url })).rejects.toThrow(/^The database at .* cannot be used: database "ulak_no_such_database" does not exist \(3D000\)\. Check DATABASE_URL/);
  });
});

describe.runIf(!!process.env.DATABASE_URL)('migrating as a role that may not create tables (Postgres)', () => {
  it('says what the role lacks and how to grant it, and changes nothing', { timeout: 60_000 }, async () => {
    const suffix = randomBytes(4).toString('hex');
    const [name, role] = [`ulak_unprivileged_${suffix}`, `ulak_weak_${suffix}`];
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.unsafe(`create role "${role}" login`);
    const scoped = postgres(withDatabase(process.env.DATABASE_URL!, name), { max: 1, onnotice: () => {} });
    // What a managed Postgres's restricted user gets: connect, nothing to create.
    await scoped.unsafe(`revoke create on schema public from public; revoke create on database "${name}" from public`);
    const url = new URL(withDatabase(process.env.DATABASE_URL!, name));
    url.username = role;
    url.password = '';
    const database = await openDatabase({ databaseUrl: url.toString() });
    try {
      const migrating = migrate(database);
      await expect(migrating).rejects.toThrow(ConfigError);
      await expect(migrating).rejects.toThrow(
        `The database could not be migrated: permission denied for database ${name} (42501), at CREATE SCHEMA IF NOT EXISTS "drizzle". The role in DATABASE_URL must be able to create schemas and tables in its database: make it the database's owner (ALTER DATABASE … OWNER TO …), or grant it CREATE on the database.`,
      );
      expect(await scoped`select nspname from pg_namespace where nspname = 'drizzle'`).toEqual([]);
    } finally {
      await database.close();
      await scoped.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`drop role if exists "${role}"`);
      await admin.end();
    }
  });
});

describe('opening an embedded directory PGlite cannot start on', () => {
  it('says which and what to do, and leaves the directory unclaimed', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ulak-damaged-'));
    try {
      // A cluster of a Postgres major version that does not exist.
      mkdirSync(join(dataDir, 'pglite'));
      writeFileSync(join(dataDir, 'pglite', 'PG_VERSION'), '99\n');
      const message = `The embedded database in ${join(dataDir, 'pglite')} cannot be opened: PGlite failed to initialize properly. It may be damaged, or written by another version of Ulak's PGlite: restore it from a backup, or move it away to start with a new one.`;
      await expect(openDatabase({ dataDir })).rejects.toThrow(new ConfigError(message));
      expect(existsSync(join(dataDir, 'pglite.pid'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
