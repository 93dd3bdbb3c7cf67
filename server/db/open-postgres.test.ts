// A Postgres that cannot be used stops whoever opens it (the server's start, a command) in words naming DATABASE_URL.
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
