// A folder of things kept on this machine's disk until the database takes them (a shop's delivery, a one-click
// opt-out): each in its own file, written whole and flushed, named in time order, and handled in that order by a pass
// that removes a file once it is stored or refused for good and stops while the database is still away.
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { namesIn, writePrivateFileDurably } from './private-files.ts';

/** What became of one kept file: stored, or done with otherwise (found stored, refused for good); left to `wait` for a later pass; or the database `away`. */
export type KeptOutcome = 'stored' | 'done' | 'wait' | 'away';

export interface KeptCounts {
  files: number;
  stored: number;
  left: number;
  /** The pass stopped because the database was away: the files after the one it stopped at were not looked at. */
  away: boolean;
}

/** A half-written file older than this was left by a process killed while writing it. */
const HALF_WRITTEN_MS = 15 * 60_000;

export async function keepFile(dir: string, text: string): Promise<void> {
  await writePrivateFileDurably(dir, `${Bun.randomUUIDv7()}.json`, text);
}

/**
 * Hands each kept file of `dir` to `handle` in the order they were kept, with its age, and removes it unless it is
 * left to wait; a file that cannot be read is left in place. Stops at the first `away`, and says so.
 */
export async function drainKeptFiles(dir: string, now: Date, log: Pick<Logger, 'error'>, handle: (text: string, ageMs: number) => Promise<KeptOutcome>): Promise<KeptCounts> {
  const counts = { files: 0, stored: 0, left: 0, away: false };
  for (const name of (await namesIn(dir)).sort()) {
    const path = join(dir, name);
    const written = await stat(path).catch(() => undefined);
    if (!written) continue;
    const age = now.getTime() - written.mtimeMs;
    if (name.endsWith('.tmp') && age > HALF_WRITTEN_MS) await rm(path, { force: true });
    if (!name.endsWith('.json')) continue;
    counts.files++;
    const text = await readFile(path, 'utf8').catch((error: unknown) => void log.error({ err: error, path }, 'a kept file cannot be read; left in place'));
    const outcome =
      text === undefined ? 'wait' : await handle(text, age).catch((error: unknown): KeptOutcome => (log.error({ err: error, path }, 'a kept file cannot be handled; left in place'), 'wait'));
    if (outcome === 'wait' || outcome === 'away') counts.left++;
    else {
      if (outcome === 'stored') counts.stored++;
      await rm(path, { force: true });
    }
    if (outcome === 'away') return { ...counts, away: true };
  }
  return counts;
}
