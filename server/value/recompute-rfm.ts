// The workspace-wide RFM pass: reads every buyer's figures, scores them, writes the scores back in chunks, and records
// `rfm.segment_changed` for each contact whose named segment changed, and the day's segment sizes, in the same transaction.
import { sql } from 'drizzle-orm';
import { rowsOf, tsParam, type Database } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { recordSegmentSizes } from './record-segment-sizes.ts';
import { scoreRfm } from './rfm-score.ts';

// Five bound parameters per contact: a chunk stays well under Postgres's 65,535 parameters per statement.
const CHUNK = 10_000;

/** One pass at a time across processes (an advisory lock), so two passes never interleave their writes. */
export async function recomputeRfm(database: Database, now: Date): Promise<{ scored: number }> {
  const result = await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('ulak:rfm', 0))`);
    const rows = rowsOf<{ contact_id: string; last_order_at: string | Date; orders: number; total_spent: string }>(
      await tx.execute(sql`select contact_id, last_order_at, orders, total_spent::text as total_spent from contact_value where orders > 0 and last_order_at is not null`),
    );
    const scores = scoreRfm(rows.map((r) => ({ contactId: r.contact_id, lastOrderAt: new Date(r.last_order_at), orders: Number(r.orders), totalSpent: r.total_spent })));
    for (let i = 0; i < scores.length; i += CHUNK) {
      const part = scores.slice(i, i + CHUNK);
      const score = (pick: (p: (typeof part)[number]) => number) =>
        sql`${sqlArray(
          part.map((p) => String(pick(p))),
          'text',
        )}::smallint[]`;
      const scored = sql`unnest(${sqlArray(
        part.map((p) => p.contactId),
        'uuid',
      )}, ${score((p) => p.r)}, ${score((p) => p.f)}, ${score((p) => p.m)},
          ${sqlArray(
            part.map((p) => p.segment),
            'text',
          )}) as s(id, r, f, m, segment)`;
      // Read before the update: a contact whose named segment changes (or who gets their first one) is an event.
      await tx.execute(sql`insert into domain_events (type, contact_id, payload)
        select 'rfm.segment_changed', v.contact_id, jsonb_build_object('from', v.rfm_segment, 'to', s.segment)
        from contact_value v join ${scored} on v.contact_id = s.id
        where v.rfm_segment is distinct from s.segment`);
      await tx.execute(sql`update contact_value v set rfm_r = s.r, rfm_f = s.f, rfm_m = s.m, rfm_segment = s.segment, rfm_at = ${tsParam(now)}
        from ${scored}
        where v.contact_id = s.id`);
    }
    await tx.execute(sql`update contact_value set rfm_r = null, rfm_f = null, rfm_m = null, rfm_segment = null, rfm_at = ${tsParam(now)} where orders = 0 and rfm_segment is not null`);
    await recordSegmentSizes(tx, now);
    return { scored: scores.length };
  });
  database.wake();
  return result;
}
