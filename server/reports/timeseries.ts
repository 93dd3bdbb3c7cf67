// Report time series: buckets by day or week in the workspace's zone, so "Monday" means the business's Monday.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, tsParam, type DbOrTx } from '../db/client.ts';
import { inRange, type ReportRange } from './report-range.ts';

export type Metric = 'volume' | 'first_response' | 'resolution';
export type Interval = 'day' | 'week';

export interface Point {
  /** Bucket start (a local midnight in the workspace zone), as a UTC instant. */
  at: string;
  value: number;
  channel?: string;
  /** Response and resolution times: `value` is the median, `p90` the 90th percentile (seconds); 0 in a bucket with none. */
  p90?: number;
  /** Response and resolution times: how many conversations the bucket measures; 0 says its median is no measurement (a chart leaves a gap). */
  count?: number;
}

type SeriesOptions = ReportRange & { metric: Metric; interval: Interval; timeZone: string };

/**
 * Every bucket the range touches, empty ones included, so a chart of 30 days has 30 bars. The series steps over
 * local wall-clock midnights (timestamp without time zone) and only then turns them into instants, so a bucket
 * across a daylight-saving change is 23 or 25 hours long and still starts at local midnight.
 */
function bucketStarts({ interval, timeZone, from, to }: SeriesOptions): SQL {
  return sql`select (local_start at time zone ${timeZone}) as at from generate_series(
      date_trunc(${interval}, ${tsParam(from)} at time zone ${timeZone}),
      (${tsParam(to)} - interval '1 microsecond') at time zone ${timeZone},
      ${`1 ${interval}`}::interval) as local_start`;
}

export async function reportTimeseries(db: DbOrTx, options: SeriesOptions): Promise<{ points: Point[] }> {
  const { interval, timeZone } = options;
  const bucket = (column: string) => sql`(date_trunc(${interval}, ${sql.raw(column)} at time zone ${timeZone}) at time zone ${timeZone})`;
  if (options.metric === 'volume') {
    // Every channel that had traffic in the range gets a point in every bucket; with no traffic, one zero per bucket.
    const rows = rowsOf<{ at: unknown; channel: string | null; value: unknown }>(
      await db.execute(sql`
        with counts as (
          select ${bucket('m.created_at')} as at, ch.kind as channel, count(*) as value
          from messages m join channels ch on ch.id = m.channel_id
          where m.direction = 'in' and ${inRange(sql`m.created_at`, options)}
          group by 1, 2
        ), buckets as (${bucketStarts(options)}),
        kinds as (select distinct channel from counts)
        select b.at, k.channel, coalesce(n.value, 0) as value
        from buckets b left join kinds k on true left join counts n on n.at = b.at and n.channel = k.channel
        order by 1, 2`),
    );
    return { points: rows.map((r) => ({ at: iso(r.at), ...(r.channel === null ? {} : { channel: r.channel }), value: Number(r.value) })) };
  }
  const later = sql.raw(options.metric === 'first_response' ? 'c.first_response_at' : 'c.resolved_at');
  const seconds = sql`extract(epoch from (${later} - c.created_at))`;
  const rows = rowsOf<{ at: unknown; value: unknown; p90: unknown; count: unknown }>(
    await db.execute(sql`
      with stats as (
        select ${bucket('c.created_at')} as at,
          percentile_cont(0.5) within group (order by ${seconds}) as value,
          percentile_cont(0.9) within group (order by ${seconds}) as p90,
          count(*) as count
        from conversations c
        where ${later} is not null and ${inRange(sql`c.created_at`, options)}
        group by 1
      ), buckets as (${bucketStarts(options)})
      select b.at, coalesce(s.value, 0) as value, coalesce(s.p90, 0) as p90, coalesce(s.count, 0) as count
      from buckets b left join stats s on s.at = b.at
      order by 1`),
  );
  return { points: rows.map((r) => ({ at: iso(r.at), value: Number(r.value), p90: Number(r.p90), count: Number(r.count) })) };
}

/** Drivers hand back timestamptz as Date or text; answer ISO either way. */
function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
