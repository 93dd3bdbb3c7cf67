// Starts `bun server/main.ts all` on a free port with a throwaway data directory, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { inject } from 'vitest';
import { freePort } from '../../../connectors/email/testing/free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UlakServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory a server has already started on (database created and migrated), copied for each test's server. */
    ulakDataTemplate?: string;
  }
}

/** A server on a throwaway copy of the run's installed data directory (see data-dir-template.ts), removed when it stops. */
export async function startUlak(root: string): Promise<UlakServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ulak-e2e-'));
  const template = inject('ulakDataTemplate');
  // Without the claim of the server that made it (server/db/pglite-lock.ts): that process is gone.
  if (template) cpSync(template, dataDir, { recursive: true, filter: (source) => !source.endsWith('pglite.pid') });
  const server = await runUlak(root, dataDir);
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A server on `dataDir`, which outlives it. */
export async function runUlak(root: string, dataDir: string): Promise<UlakServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn('bun', ['server/main.ts', 'all'], {
    cwd: root,
    // The test webhook receiver listens on loopback, which only the admin allow-list lets webhooks reach.
    env: { ...process.env, PORT: String(port), ULAK_DATA_DIR: dataDir, ULAK_PUBLIC_URL: url, LOG_LEVEL: 'warn', ULAK_WEBHOOK_ALLOW: '127.0.0.1/32,::1/128' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (Date.now() >= deadline) throw new Error(`server did not become healthy:\n${log}`);
  return {
    url,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve(null);
          }, 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(null);
          });
        });
      }
    },
  };
}
