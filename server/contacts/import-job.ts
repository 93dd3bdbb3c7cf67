// What every background CSV import (contacts, orders) does around its rows: the import's record made at once, the
// first rejects kept, the finish or the failure recorded, and its progress read back for the polling client.
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { contactImports, orderImports } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import { isTransientFailure } from '../../connectors/is-transient-failure.ts';

type ImportTable = typeof contactImports | typeof orderImports;
export interface ImportJobDeps {
  database: Database;
  log: Logger;
  now: () => Date;
}

/** A report keeps the first rejects in full; a file of 50,000 bad rows needs its first reasons, not all of them. */
const MAX_REJECTED_KEPT = 10_000;

/** Creates the import's record and returns its id at once with the finished promise (the route answers before it settles). */
export async function startImportJob(deps: ImportJobDeps, table: ImportTable, what: string, run: (id: string) => Promise<void>): Promise<{ id: string; done: Promise<void> }> {
  const now = deps.now();
  const [record] = await deps.database.db.insert(table).values({ createdAt: now, updatedAt: now }).returning({ id: table.id });
  const id = record!.id;
  const done = run(id)
    .then(() => finish(deps, table, id, { status: 'completed' }))
    .catch(async (error) => {
      deps.log.error({ err: error, importId: id }, `${what} import failed`);
      // The cause is in the log; the report says what to do, never the statement or stack that failed.
      await finish(deps, table, id, { status: 'failed', error: failureText(error) });
    });
  return { id, done };
}

function failureText(error: unknown): string {
  const again = 'send the file again (rows already imported are updated, not duplicated)';
  return isTransientFailure(error) ? `The database could not be reached for a moment; ${again}` : `The import stopped on an unexpected error; ${again}, and tell your administrator if it stops again`;
}

function finish(deps: ImportJobDeps, table: ImportTable, id: string, outcome: { status: 'completed' } | { status: 'failed'; error: string }) {
  return deps.database.db
    .update(table)
    .set({ ...outcome, updatedAt: deps.now() })
    .where(eq(table.id, id))
    .then(() => undefined);
}

/** Keeps the first rejects across an import's batches, up to the report's limit. */
export function rejectKeeper() {
  let kept = 0;
  return <T>(rejected: T[]): T[] => {
    const keep = rejected.slice(0, Math.max(0, MAX_REJECTED_KEPT - kept));
    kept += keep.length;
    return keep;
  };
}

/**
 * The polling client's view of an import's record: its figures and status, when it started, and why it failed if it
 * did. Rejects are listed by row (batches written side by side may record them out of order).
 */
export function importProgressOf<Row extends { id: string; createdAt: Date; updatedAt: Date; error: string | null; rejected: Array<{ row: number }> }>(row: Row) {
  const { id: _id, updatedAt, createdAt, error, ...rest } = row;
  return { id: row.id, ...rest, rejected: [...row.rejected].sort((a, b) => a.row - b.row) as Row['rejected'], ...(error ? { error } : {}), startedAt: createdAt, updatedAt };
}
