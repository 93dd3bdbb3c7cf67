// Named RFM segment sizes over the last days, from the daily record the RFM pass keeps (server/value/record-segment-sizes.ts).
import { sql } from 'drizzle-orm';
import { rowsOf, tsParam, type Db } from '../db/client.ts';
import { RFM_SEGMENTS } from '../value/rfm-score.ts';

/** Days with a record, oldest first, each with every segment's size; `days` counts back from today (included). */
export async function segmentSizes(db: Db, now: Date, days: number) {
  const rows = rowsOf<{ day: string; segment: string; contacts: number }>(
    await db.execute(sql`select day::text as day, segment, contacts from rfm_segment_sizes
      where day > (${tsParam(now)} at time zone (select time_zone from workspaces where id = 1))::date - ${days}::int
      order by day`),
  );
  const byDay = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const sizes = byDay.get(row.day) ?? Object.fromEntries(RFM_SEGMENTS.map((s) => [s, 0]));
    sizes[row.segment] = Number(row.contacts);
    byDay.set(row.day, sizes);
  }
  return { segments: RFM_SEGMENTS, days: [...byDay].map(([day, sizes]) => ({ day, sizes })) };
}
