// The real server (`bun server/main.ts all`, or one role: `serve`, `work`) as a child process that can be killed with
// SIGKILL and started again.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Subprocess } from 'bun';

// From the file's URL, not import.meta.dir: vitest (the many-machines test) transforms the module and leaves that unset.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<Subprocess>();

/** Whatever ends the harness (an error, a failed check, Ctrl-C, the time bound) takes every server it started with it. */
export function killAllServers() {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
process.on('exit', killAllServers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllServers();
    process.exit(130);
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export type Role = 'all' | 'serve' | 'work';

export class ServerProcess {
  #child?: Subprocess;
  #starts = 0;
  /** How long each start took to answer /healthz, seconds (the first migrates; later ones recover from the kill). */
  readonly startSeconds: number[] = [];

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
    readonly logDir: string,
    /** `work` serves no HTTP: it is ready when it logs so (at LOG_LEVEL info or lower). */
    readonly role: Role = 'all',
  ) {}

  /** The child's process id while it runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (this.#child) throw new Error('server already running');
    const log = join(this.logDir, `server-${++this.#starts}.log`);
    // Our own environment minus anything that would point the child elsewhere; the scenario's env decides the database.
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = Bun.spawn([process.execPath, 'server/main.ts', this.role], {
      cwd: repoRoot,
      env: { ...inherited, ...this.env, PORT: String(this.port) },
      stdin: 'ignore',
      stdout: Bun.file(log),
      stderr: Bun.file(`${log}.err`),
    });
    children.add(child);
    this.#child = child;
    const began = Date.now();
    const until = began + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        children.delete(child);
        this.#child = undefined;
        throw new Error(`server exited while starting (${child.exitCode ?? child.signalCode}):\n${tail(`${log}.err`)}${tail(log)}`);
      }
      const ok =
        this.role === 'work'
          ? tail(log, 1_000).includes('Ulak worker running')
          : await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
              (r) => r.ok,
              () => false,
            );
      if (ok) return void this.startSeconds.push(Math.round((Date.now() - began) / 100) / 10);
      if (Date.now() > until) throw new Error(`${this.role} did not get ready within ${timeoutMs} ms:\n${tail(`${log}.err`)}${tail(log)}`);
      await Bun.sleep(200);
    }
  }

  /** kill -9: no shutdown hooks, no flush, whatever was in flight is cut off. */
  async crash(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGKILL');
    await child.exited;
    children.delete(child);
    this.#child = undefined;
  }

  async crashAndRestart(): Promise<void> {
    await this.crash();
    await this.start();
  }

  /** A clean stop (SIGTERM), so the harness can open the embedded database itself afterwards. */
  async stop(timeoutMs = 20_000): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGTERM');
    const done = await Promise.race([child.exited.then(() => true), Bun.sleep(timeoutMs).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await child.exited;
    }
    children.delete(child);
    this.#child = undefined;
  }

  logTail(): string {
    const log = join(this.logDir, `server-${this.#starts}.log`);
    return tail(`${log}.err`) + tail(log);
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
