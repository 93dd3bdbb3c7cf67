// Moves every stored file from one storage to another under the same key, so no row changes: idempotent (a file
// already there and identical is skipped), resumable (run it again after a failure), verified (size and checksum).
import { createHash } from 'node:crypto';
import type { MovableStorage } from './file-storage.ts';

export interface MoveReport {
  /** Files found in the source. */
  listed: number;
  /** Written to the target and verified. */
  copied: number;
  /** Already in the target with the same size and checksum. */
  skipped: number;
  /** Listed, then deleted from the source before their turn (an erasure, the unsent-upload sweep): nothing to move. */
  gone: number;
  /** Removed from the source after their copy was verified (only with deleteSource). */
  deleted: number;
  bytes: number;
  /** Each listed file is copied, skipped, gone or failed, once. */
  failed: { key: string; reason: string }[];
}

export interface MoveOptions {
  /** Remove each source file once its copy is verified; off by default, so going back is just a setting. */
  deleteSource?: boolean;
  /** Files in flight at once. */
  concurrency?: number;
  onFile?(key: string, outcome: 'copied' | 'skipped' | 'gone' | 'failed'): void;
}

const md5 = (content: Uint8Array) => createHash('md5').update(content).digest('hex');
const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

/** True when the target holds exactly `content`: by the store's MD5 when it has one, else by reading it back. */
async function holds(target: MovableStorage, key: string, content: Uint8Array): Promise<boolean> {
  const found = await target.stat(key);
  if (!found || found.size !== content.byteLength) return false;
  if (found.md5 && found.md5 === md5(content)) return true;
  const stored = await target.get(key);
  return stored !== undefined && sha256(stored) === sha256(content);
}

export async function moveFiles(from: MovableStorage, to: MovableStorage, options: MoveOptions = {}): Promise<MoveReport> {
  const report: MoveReport = { listed: 0, copied: 0, skipped: 0, gone: 0, deleted: 0, bytes: 0, failed: [] };

  async function moveOne(key: string) {
    const content = await from.get(key);
    if (!content) {
      report.gone += 1;
      options.onFile?.(key, 'gone');
      return;
    }
    let outcome: 'copied' | 'skipped' = 'skipped';
    if (!(await holds(to, key, content))) {
      await to.write(key, content);
      if (!(await holds(to, key, content))) throw new Error('the copy in the target does not match the source (size or checksum)');
      outcome = 'copied';
    }
    if (options.deleteSource) {
      // Counted as failed, not copied: the next run finds the copy, skips it, and deletes the source then.
      await from.delete(key).catch((error: unknown) => {
        throw new Error(`copied and verified, but not deleted from the source: ${(error as Error)?.message ?? String(error)}`);
      });
      report.deleted += 1;
    }
    report[outcome] += 1;
    if (outcome === 'copied') report.bytes += content.byteLength;
    options.onFile?.(key, outcome);
  }

  const inFlight = new Set<Promise<void>>();
  for await (const { key } of from.list()) {
    report.listed += 1;
    const task = moveOne(key)
      .catch((error: unknown) => {
        report.failed.push({ key, reason: (error as Error)?.message ?? String(error) });
        options.onFile?.(key, 'failed');
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= (options.concurrency ?? 8)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return report;
}
