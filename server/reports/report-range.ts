// What every report query shares: the half-open date range, duration figures, and numbers out of SQL rows.
import { sql, type SQL } from 'drizzle-orm';
import { tsParam } from '../db/client.ts';

export interface ReportRange {
  from: Date;
  to: Date;
}

export interface Durations {
  medianSec: number | null;
  p90Sec: number | null;
}

/** `from` inclusive, `to` exclusive. */
export const inRange = (column: SQL, range: ReportRange) => sql`${column} >= ${tsParam(range.from)} and ${column} < ${tsParam(range.to)}`;

/** SQL aggregates come back as strings (numeric) or null, depending on the driver. */
export const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
