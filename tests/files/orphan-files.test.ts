// files:orphans: the store is listed and each old file of Ulak's that no row names is reported, and deleted only when
// asked; files rows name, staged files, recent files and files not named like Ulak's are never touched.
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { DiskStorage, newStorageKey } from '../../server/files/file-storage.ts';
import { stageFiles } from '../../server/files/staged-files.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { inbound, ingestDeps, insertChannel } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const DAY = 24 * 60 * 60_000;

describe('files no row names', () => {
  let dataDir: string;
  let disk: DiskStorage;
  let databaseUrl: string | undefined;
  let postgresDatabase: TestDatabase | undefined;
  const keys = { named: '', staged: '', old: [] as string[], recent: '', foreign: 'notes/readme.txt' };

  const age = (key: string, days: number) => {
    const when = new Date(Date.now() - days * DAY);
    utimesSync(join(dataDir, 'files', key), when, when);
  };
  async function run(args: string[], dir = dataDir) {
    const env = { ...process.env, ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: dir, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl };
    const proc = Bun.spawn(['bun', 'server/main.ts', 'files:orphans', ...args], { env, stdout: 'pipe', stderr: 'pipe' });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, out: stdout + stderr };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ulak-orphans-'));
    disk = new DiskStorage(join(dataDir, 'files'));
    // The database the command will open: the data directory's PGlite, or a fresh database on the Postgres server.
    postgresDatabase = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    databaseUrl = postgresDatabase?.url;
    const database = postgresDatabase ?? (await openDatabase({ dataDir }));
    try {
      await migrate(database);
      const channel = await insertChannel(database, 'api');
      const message = inbound({ attachments: [{ filename: 'fatura.pdf', contentType: 'application/pdf', size: 6, content: bytes('fatura') }] });
      await ingestMessage(ingestDeps(database, { storage: disk }), channel, message);
      [keys.staged] = await stageFiles({ database, storage: disk, now: () => new Date() }, [bytes('staged, not yet claimed')]);
      const { rows } = await database.executor.executeSql(`select a.storage_key from attachments a join messages m on m.id = a.message_id where m.idempotency_key = $1`, [message.idempotencyKey]);
      keys.named = rows[0].storage_key;
    } finally {
      if (!postgresDatabase) await database.close();
    }
    // Written before files were staged, by a transaction that then rolled back: three old ones and a recent one.
    for (let i = 0; i < 3; i++) {
      keys.old.push(newStorageKey());
      await disk.write(keys.old[i]!, bytes(`lost ${i}`));
    }
    keys.recent = newStorageKey();
    await disk.write(keys.recent, bytes('recent'));
    await disk.write(keys.foreign, bytes('someone else’s'));
    for (const key of [keys.named, keys.staged, ...keys.old, keys.foreign]) age(key, 30);
  });
  afterAll(async () => {
    await postgresDatabase?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('are reported, and nothing is deleted without --delete', { timeout: 120_000 }, async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out).toContain("7 listed, 2 named by rows, 1 too recent to judge, 1 not Ulak's (left alone), 3 named by no row (18 bytes).");
    for (const key of keys.old) expect(out).toContain(key);
    expect(out).toContain('Nothing deleted. Run again with --delete');
    for (const key of keys.old) expect(await disk.get(key)).toBeDefined();
  });

  it('are deleted with --delete, and every other file stays', { timeout: 120_000 }, async () => {
    const { code, out } = await run(['--delete']);
    expect(code).toBe(0);
    expect(out).toContain('3 deleted.');
    for (const key of keys.old) expect(await disk.get(key)).toBeUndefined();
    for (const key of [keys.named, keys.staged, keys.recent, keys.foreign]) expect(await disk.get(key)).toBeDefined();
    expect((await run([])).out).toContain('0 named by no row');
  });

  it('are not deleted from a store this database names nothing in, unless forced', { timeout: 120_000 }, async () => {
    // Another installation's store, or the same data directory under a database switched with DATABASE_URL.
    const other = mkdtempSync(join(tmpdir(), 'ulak-orphans-other-'));
    try {
      const theirs = new DiskStorage(join(other, 'files'));
      const key = newStorageKey();
      await theirs.write(key, bytes('theirs'));
      const when = new Date(Date.now() - 30 * DAY);
      utimesSync(join(other, 'files', key), when, when);
      const refused = await run(['--delete'], other);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/No file in .* is named by this database/);
      expect(await theirs.get(key)).toBeDefined();
      const forced = await run(['--delete', '--force'], other);
      expect(forced).toMatchObject({ code: 0, out: expect.stringContaining('1 deleted.') });
      expect(await theirs.get(key)).toBeUndefined();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses a number of days that is not one', async () => {
    expect(await run(['--older-than-days', 'soon'])).toMatchObject({ code: 2, out: expect.stringContaining('--older-than-days must be a number of days') });
  });
});
