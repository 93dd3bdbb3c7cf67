// PGlite is one process with no background workers, so nothing vacuums or analyzes it the way autovacuum does on
// Postgres: dead rows would pile up for good and the planner would plan every query on no statistics. On a
// never-analyzed 500,000-message inbox (every message answered) the median reply suggestion took 117–148 ms, against
// about 40 once analyzed. The work role does it itself: a minute after it starts (so a start is not held up), then
// every hour. A run holds PGlite's one connection for about a second at that size; on Postgres this does nothing.
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { every } from '../lib/every.ts';

export const HOUSEKEEPING_FIRST_MS = 60_000;
export const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

/** Reclaims dead rows and refreshes the planner's statistics, for every table. */
export const vacuumAnalyze = (database: Database) => database.db.execute(sql`vacuum (analyze)`);

/** Starts the hourly housekeeping on PGlite; the returned function stops it. */
export function startPgliteHousekeeping(database: Database, log: { warn(o: object, m: string): void }): () => void {
  if (database.kind !== 'pglite') return () => {};
  const name = 'PGlite vacuum and analyze';
  const first = setTimeout(() => void vacuumAnalyze(database).catch((err) => log.warn({ err }, `${name} failed`)), HOUSEKEEPING_FIRST_MS);
  first.unref?.();
  const stop = every(log, HOUSEKEEPING_EVERY_MS, name, () => vacuumAnalyze(database));
  return () => {
    clearTimeout(first);
    stop();
  };
}
