// The daily record of named RFM segment sizes, written in the RFM pass's transaction so a chart can show them over time.
import { sql } from 'drizzle-orm';
import { tsParam, type DbOrTx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { RFM_SEGMENTS } from './rfm-score.ts';

/** One row per segment for today in the workspace zone, empty segments as 0; a later pass the same day overwrites it. */
export async function recordSegmentSizes(tx: DbOrTx, now: Date): Promise<void> {
  await tx.execute(sql`insert into rfm_segment_sizes (day, segment, contacts, recorded_at)
    select (${tsParam(now)} at time zone (select time_zone from workspaces where id = 1))::date, s.segment, coalesce(n.contacts, 0), ${tsParam(now)}
    from unnest(${sqlArray(RFM_SEGMENTS, 'text')}) as s(segment)
    left join (select rfm_segment, count(*)::int as contacts from contact_value where rfm_segment is not null group by rfm_segment) n on n.rfm_segment = s.segment
    on conflict (day, segment) do update set contacts = excluded.contacts, recorded_at = excluded.recorded_at`);
}
