// A database that cannot be used stops whoever opens it (the server's start, a command) in words: a Postgres naming
// DATABASE_URL, an embedded directory naming itself.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { openDatabase } from './client.ts';
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
