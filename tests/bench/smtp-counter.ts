// Bench helper: a local smtp-server peer in its own process (smtp-counter-main.ts) that notes when each mail arrived.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SmtpCounter {
  host: string;
  port: number;
  /** Arrival time (epoch ms) of every mail, in order. */
  arrivals: number[];
  /** Arrival time of mails whose body carried a `benchmark-reply-<n>` marker, by n. */
  marked: Map<number, number>;
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpCounter(): Promise<SmtpCounter> {
  const arrivals: number[] = [];
  const marked = new Map<number, number>();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./smtp-counter-main.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  let rest = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`smtp peer exited with ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        const [kind, a, b] = l.split(' ');
        if (kind === 'port') resolve(Number(a));
        else if (kind === 'a') arrivals.push(Number(a));
        else if (kind === 'r') marked.set(Number(a), Number(b));
      }
    });
  });
  return {
    host: '127.0.0.1',
    port,
    arrivals,
    marked,
    async waitFor(count, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (arrivals.length < count) {
        if (Date.now() > until) throw new Error(`only ${arrivals.length}/${count} mails arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}
