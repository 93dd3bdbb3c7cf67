// Bench figure idle_rss_mb: the resident memory of an idle server (`bun server/main.ts all`, a child process) five
// seconds after it says it is serving, read from /proc (Linux). Started twice on the same data and database: the first
// start creates and migrates the database (idle_rss_first_start_mb), the second is an installed server's start. Of the
// second, idle_rss_file_mb is the part mapped from files (mostly Bun's own executable, shared with every other Bun
// process and given back to the kernel's page cache under pressure); the rest is the process's own memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { withDatabase } from '../support/template.ts';

const MAIN = join(import.meta.dir, '../../server/main.ts');
const SETTLE_MS = 5_000;

/** `databaseUrl` names a server: a fresh database is made on it and dropped after. Without it the server runs on PGlite. */
export async function benchIdleRss(databaseUrl: string | undefined): Promise<{ firstStartMb: number; idleMb: number; idleFileMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ulak-bench-idle-'));
  const name = `ulak_bench_idle_${randomBytes(4).toString('hex')}`;
  const admin = databaseUrl ? postgres(databaseUrl, { max: 1, onnotice: () => {} }) : undefined;
  await admin?.unsafe(`create database "${name}"`);
  try {
    const env: Record<string, string | undefined> = { ...process.env, ULAK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl && withDatabase(databaseUrl, name) };
    const { rssMb: firstStartMb } = await idleRss(env);
    const { rssMb: idleMb, fileMb: idleFileMb } = await idleRss(env);
    return { firstStartMb, idleMb, idleFileMb };
  } finally {
    await admin?.unsafe(`drop database if exists "${name}" with (force)`);
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function idleRss(env: Record<string, string | undefined>): Promise<{ rssMb: number; fileMb: number }> {
  const child = Bun.spawn([process.execPath, MAIN, 'all'], { env, stdout: 'pipe', stderr: 'inherit' });
  try {
    await serving(child.stdout, 300_000);
    await Bun.sleep(SETTLE_MS);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
    if (!kb('VmRSS')) throw new Error('VmRSS not found in /proc: idle_rss_mb needs Linux');
    return { rssMb: Math.round(kb('VmRSS') / 1024), fileMb: Math.round(kb('RssFile') / 1024) };
  } finally {
    child.kill('SIGTERM');
    await child.exited;
  }
}

/** Resolves at the server's "Ulak is serving" log line; rejects if it exits or takes longer than `limitMs`. */
async function serving(stdout: ReadableStream<Uint8Array>, limitMs: number): Promise<void> {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + limitMs;
  let seen = '';
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the server exited before serving:\n${seen.slice(-2000)}`);
    seen += decoder.decode(value, { stream: true });
    if (seen.includes('Ulak is serving')) {
      // Keep draining so the child never blocks on a full pipe.
      void (async () => {
        while (!(await reader.read().catch(() => ({ done: true }))).done);
      })();
      return;
    }
  }
  throw new Error(`the server did not say it was serving within ${limitMs / 1000} s`);
}
