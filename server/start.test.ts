// A setting whose name is misspelt is not silently left at its default: the start says which it ignored and which
// setting it most likely meant.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess } from '../tests/crash/server-process.ts';
import { isRunning } from './db/pglite-lock.ts';

describe('a server start with a misspelt setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ulak-start-'));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves, and warns naming the variable it ignored and the setting meant', { timeout: 180_000 }, async () => {
    const env = { ULAK_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_PUBLC_URL: 'https://ulak.example.com' };
    server = new ServerProcess(await freePort(), env, dir);
    await server.start(150_000);
    const warnings = readFileSync(join(dir, 'server-1.log'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.level === 40);
    expect(warnings).toContainEqual(
      expect.objectContaining({ setting: 'ULAK_PUBLC_URL', closest: 'ULAK_PUBLIC_URL', msg: 'ULAK_PUBLC_URL is not a setting Ulak reads and is ignored; did you mean ULAK_PUBLIC_URL?' }),
    );
  });
});

describe('a server start on a port that is taken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ulak-start-port-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends in words with exit code 2, not a stack trace', { timeout: 180_000 }, async () => {
    const taken = Bun.serve({ hostname: '0.0.0.0', port: 0, fetch: () => new Response('another program') });
    try {
      const child = Bun.spawn([process.execPath, fileURLToPath(new URL('./main.ts', import.meta.url)), 'all'], {
        env: { ...process.env, ULAK_DATA_DIR: join(dir, 'data'), ULAK_SECRET_KEY: 'ab'.repeat(32), PORT: String(taken.port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`Port ${taken.port} is in use (another Ulak, or another program, listens there): stop it, or set PORT to a free port, e.g. PORT=3001 npm start.`);
    } finally {
      taken.stop(true);
    }
  });
});

describe('a start on an embedded database to create or migrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ulak-start-new-'));
  const env = { ULAK_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', ULAK_SECRET_KEY: 'ab'.repeat(32), DATABASE_URL: '' };
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const logged = (start: number) =>
    readFileSync(join(dir, `server-${start}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string });

  it(
    'is created and migrated before the server opens it (by a process that has exited); a later start finds it made, and one after an upgrade has it migrated the same way',
    { timeout: 400_000 },
    async () => {
      server = new ServerProcess(await freePort(), env, dir);
      await server.start(150_000);
      const journal = JSON.parse(readFileSync(fileURLToPath(new URL('../migrations/meta/_journal.json', import.meta.url)), 'utf8')) as { entries: unknown[] };
      expect(logged(1)).toContainEqual(expect.objectContaining({ msg: 'database created', applied: journal.entries.length }));
      // The server itself had nothing left to apply.
      expect(logged(1).map((entry) => entry.msg)).not.toContain('database migrated');
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok', db: 'pglite' });

      await server.stop();
      await server.start(150_000);
      expect(logged(2).map((entry) => entry.msg)).not.toContain('database created');
      expect(logged(2).map((entry) => entry.msg)).not.toContain('database migrated');
      expect(logged(2).map((entry) => entry.msg)).toContain('Ulak is serving');

      // An upgrade: the database was last migrated by a version whose newest migration was an older one.
      const note = join(dir, 'data', 'pglite.migrated');
      expect(readFileSync(note, 'utf8').trim()).toBe((journal.entries.at(-1) as { tag: string }).tag);
      writeFileSync(note, `${(journal.entries.at(-2) as { tag: string }).tag}\n`);
      await server.stop();
      await server.start(150_000);
      expect(logged(3)).toContainEqual(expect.objectContaining({ msg: 'database migrated', applied: 0 }));
      expect(readFileSync(note, 'utf8').trim()).toBe((journal.entries.at(-1) as { tag: string }).tag);
    },
  );

  it('stopped while its child prepares the database, stops the child too; the next start prepares it', { timeout: 300_000 }, async () => {
    const data = join(dir, 'stopped');
    const starting = Bun.spawn([process.execPath, fileURLToPath(new URL('./main.ts', import.meta.url)), 'all'], {
      env: { ...process.env, ...env, ULAK_DATA_DIR: data, PORT: String(await freePort()) },
      stdout: 'ignore',
      stderr: 'ignore',
    });
    let preparing: number | undefined;
    for (const deadline = Date.now() + 120_000; !preparing && Date.now() < deadline; await Bun.sleep(20)) preparing = childrenOf(starting.pid)[0];
    expect(preparing).toBeDefined();
    starting.kill('SIGTERM');
    expect(await starting.exited).toBe(143);
    // The child was told too: it does not go on holding the directory.
    for (const deadline = Date.now() + 60_000; isRunning(preparing!) && Date.now() < deadline;) await Bun.sleep(50);
    expect(isRunning(preparing!)).toBe(false);
    // Stopped, not left to finish: it never got as far as noting the migrations it applied.
    expect(existsSync(join(data, 'pglite.migrated'))).toBe(false);

    const next = new ServerProcess(await freePort(), { ...env, ULAK_DATA_DIR: data }, join(dir, 'stopped-logs'));
    mkdirSync(join(dir, 'stopped-logs'));
    try {
      await next.start(150_000);
      expect(await (await fetch(`${next.url}/healthz`)).json()).toEqual({ status: 'ok', db: 'pglite' });
    } finally {
      await next.stop();
    }
  });

  it('held by another process, ends in words with exit code 2 before anything is created', { timeout: 120_000 }, async () => {
    const data = join(dir, 'held');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'pglite.pid'), `${process.pid}\n`);
    const child = Bun.spawn([process.execPath, fileURLToPath(new URL('./main.ts', import.meta.url)), 'all'], {
      env: { ...process.env, ...env, ULAK_DATA_DIR: data, PORT: String(await freePort()) },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
    expect(code).toBe(2);
    expect(stderr).toContain(`is open in process ${process.pid}`);
    expect(existsSync(join(data, 'pglite', 'PG_VERSION'))).toBe(false);
  });
});

describe('a start whose data dir cannot be made', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ulak-start-refused-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A data dir below a regular file: refused to every user, root included.
  const below = join(dir, 'a-file', 'data');
  writeFileSync(join(dir, 'a-file'), 'not a directory');

  for (const [what, extra] of [
    ['with a key to generate', {}],
    ['with the key set (the database is the first to need the directory)', { ULAK_SECRET_KEY: 'ab'.repeat(32) }],
  ] as const) {
    it(`${what}, ends in words naming ULAK_DATA_DIR with exit code 2, not a stack trace`, { timeout: 120_000 }, async () => {
      const child = Bun.spawn([process.execPath, fileURLToPath(new URL('./main.ts', import.meta.url)), 'all'], {
        env: { ...process.env, ULAK_SECRET_KEY: '', ...extra, ULAK_DATA_DIR: below, PORT: String(await freePort()), DATABASE_URL: '' },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      const [stderr, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
      expect(code).toBe(2);
      expect(stderr.trim()).toMatch(
        new RegExp(
          `^Cannot write ${below}(/pglite)?: a part of the path is a file, not a directory \\(ENOTDIR\\)\\. Ulak keeps its key, embedded database and files under ULAK_DATA_DIR \\(now ${below}\\): set it to a directory this user can create and write\\.$`,
        ),
      );
    });
  }
});

/** The processes whose parent is `pid` (Linux: read from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}
