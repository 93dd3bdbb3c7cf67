// One process per embedded database directory: a second is refused with a message naming the first, and a claim left by
// a process that is gone is taken over.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { openDatabase } from './client.ts';

describe.skipIf(!!process.env.DATABASE_URL)('the embedded database directory', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ulak-lock-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is refused to a second process while the first has it open, and free again once it closes', { timeout: 120_000 }, async () => {
    const first = await openDatabase({ dataDir });
    try {
      const second = Bun.spawn(['bun', 'server/main.ts', 'all'], {
        env: { ...process.env, ULAK_DATA_DIR: dataDir, ULAK_SECRET_KEY: 'ab'.repeat(32), PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: '' },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      const [out, err, code] = await Promise.all([new Response(second.stdout).text(), new Response(second.stderr).text(), second.exited]);
      expect(code).toBe(2);
      expect(out + err).toContain(`is open in process ${process.pid}: two processes on one PGlite directory would corrupt it`);
      // The first still works.
      expect((await first.executor.executeSql('select 1 as one')).rows[0].one).toBe(1);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, 'pglite.pid'))).toBe(false);
  });

  it('is refused while the process its claim names runs, and taken over once that process is gone', { timeout: 120_000 }, async () => {
    const sleeper = Bun.spawn(['sleep', '60']);
    writeFileSync(join(dataDir, 'pglite.pid'), `${sleeper.pid}\n`);
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(ConfigError);
    sleeper.kill('SIGKILL');
    await sleeper.exited;
    const database = await openDatabase({ dataDir });
    await database.close();
  });
});
