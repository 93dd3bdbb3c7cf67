import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tightenTree } from './private-files.ts';

/** Every path under `root` whose mode lets group or others in, as "path mode". */
function exposed(root: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.mode & 0o077) found.push(`${path.slice(root.length)} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

const FIXTURE = fileURLToPath(new URL('./private-files.fixture.ts', import.meta.url));

/** Runs the start-up fixture under a shell umask, as an operator's `npm start` would; returns the stored key. */
function startUnder(umask: string, dataDir: string): string {
  const run = spawnSync('sh', ['-c', `umask ${umask} && exec "$0" "$1" "$2"`, process.execPath, FIXTURE, dataDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`fixture failed: ${run.stderr}`);
  return run.stdout.trim().split('\n').pop()!;
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ulak-modes-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('data dir file modes', () => {
  for (const umask of ['022', '000']) {
    it(`keeps the key, PGlite (with its WAL) and attachments owner-only under umask ${umask}`, () => {
      const dataDir = join(root, 'data');
      const key = startUnder(umask, dataDir);

      expect(statSync(join(dataDir, 'files', key)).isFile()).toBe(true);
      expect(readdirSync(join(dataDir, 'pglite', 'pg_wal')).length).toBeGreaterThan(0);
      expect(exposed(dataDir)).toEqual([]);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    }, 60_000);
  }

  it('tightens an old install: directories 0700, files 0600, symlinks not followed', () => {
    const old = join(root, 'data');
    mkdirSync(join(old, 'files', '2026', '01'), { recursive: true });
    chmodSync(join(old, 'files', '2026'), 0o777);
    writeFileSync(join(old, 'files', '2026', '01', 'a'), 'x');
    chmodSync(join(old, 'files', '2026', '01', 'a'), 0o666);
    writeFileSync(join(old, 'secret.key'), 'k');
    chmodSync(join(old, 'secret.key'), 0o644);
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(old, 'link'));

    tightenTree(old);

    expect(exposed(old)).toEqual([]);
    expect(statSync(join(old, 'files', '2026')).mode & 0o777).toBe(0o700);
    expect(statSync(join(old, 'files', '2026', '01', 'a')).mode & 0o777).toBe(0o600);
    expect(statSync(outside).mode & 0o777).toBe(0o644);
  });
});
