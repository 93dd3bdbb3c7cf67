// Report time series: buckets by day or week in the workspace's zone, so "Monday" means the business's Monday.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { inRange, type ReportRange } from './report-range.ts';

export type Metric = 'volume' | 'first_response' | 'resolution';
export type Interval = 'day' | 'week';

export interface Point {
  /** Bucket start, as a UTC instant. */
  at: string;
  value: number;
  channel?: string;
  /** Response and resolution times: `value` is the median, `p90` the 90th percentile (seconds). */
  p90?: number;
}

export async function reportTimeseries(db: DbOrTx, options: ReportRange & { metric: Metric; interval: Interval; timeZone: string }): Promise<{ points: Point[] }> {
  const { interval, timeZone } = options;
  const bucket = (column: string) => sql`(date_trunc(${interval}, ${sql.raw(column)} at time zone ${timeZone}) at time zone ${timeZone})`;
  if (options.metric === 'volume') {
    const rows = rowsOf<{ at: unknown; channel: string; value: unknown }>(
      await db.execute(sql`
        select ${bucket('m.created_at')} as at, ch.kind as channel, count(*) as value
        from messages m join channels ch on ch.id = m.channel_id
        where m.direction = 'in' and ${inRange(sql`m.created_at`, options)}
        group by 1, 2 order by 1, 2`),
    );
    return { points: rows.map((r) => ({ at: iso(r.at), channel: r.channel, value: Number(r.value) })) };
  }
  const later = sql.raw(options.metric === 'first_response' ? 'c.first_response_at' : 'c.resolved_at');
  const seconds = sql`extract(epoch from (${later} - c.created_at))`;
  const rows = rowsOf<{ at: unknown; value: unknown; p90: unknown }>(
    await db.execute(sql`
      select ${bucket('c.created_at')} as at,
        percentile_cont(0.5) within group (order by ${seconds}) as value,
        percentile_cont(0.9) within group (order by ${seconds}) as p90
      from conversations c
      where ${later} is not null and ${inRange(sql`c.created_at`, options)}
      group by 1 order by 1`),
  );
  return { points: rows.map((r) => ({ at: iso(r.at), value: Number(r.value), p90: Number(r.p90) })) };
}

/** Drivers hand back timestamptz as Date or text; answer ISO either way. */
function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
