// Bench figure segment_count_ms: a segment's live count (the compiled SQL query) over N contacts with attributes, labels and value figures.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../server/db/client.ts';
import { attributeDefinitions } from '../../server/db/schema/index.ts';
import { previewSegment } from '../../server/segments/evaluate-segment.ts';
import type { Condition } from '../../workflows/conditions/schema.ts';

/** A marketer's VIP segment: language, a label, a declared number attribute, recent activity and spend. */
export const VIP_SEGMENT: Condition = {
  all: [
    {
      any: [
        { field: 'contact.language', op: 'eq', value: 'TR' },
        { field: 'contact.name', op: 'contains', value: '7' },
      ],
    },
    { not: { op: 'has_label', value: 'blocked' } },
    {
      any: [
        { field: 'contact.attributes.score', op: 'gte', value: 500 },
        { field: 'contact.totalSpent', op: 'gt', value: 1000 },
      ],
    },
    { field: 'contact.lastInboundAt', op: 'within_last_days', value: 60 },
  ],
};

/** The facts the segment reads, for contact number `g` of a generate_series: columns, then their values. */
export const SEGMENT_FACT_COLUMNS = sql.raw('language, labels, attributes, last_inbound_at');
export const SEGMENT_FACT_VALUES = sql.raw(`(array['tr', 'en', 'de', null])[1 + g % 4], case when g % 10 = 0 then array['vip'] when g % 97 = 0 then array['blocked'] else '{}' end,
        jsonb_build_object('score', case when g % 3 = 0 then to_jsonb((g % 1000)::text) else to_jsonb(g % 1000) end, 'city', 'İstanbul'),
        case when g % 5 = 0 then null else now() - (g % 120) * interval '1 day' end`);

/** Tops the contacts table up to `total` contacts (bulk SQL), then times the count: the median of five runs. */
export async function benchSegmentCount(database: Database, total: number): Promise<{ ms: number; matched: number }> {
  const db = database.db;
  await db.insert(attributeDefinitions).values({ key: 'score', type: 'number', label: 'Score' }).onConflictDoNothing();
  const n = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from contacts`))[0]?.n ?? 0);
  if (total > n) {
    await db.execute(sql`insert into contacts (name, first_seen_at, ${SEGMENT_FACT_COLUMNS})
      select 'Segment Contact ' || g, now() - interval '400 days', ${SEGMENT_FACT_VALUES}
      from generate_series(${n + 1}::int, ${total}::int) g`);
    await db.execute(sql`insert into contact_value (contact_id, orders, total_spent, aov)
      select id, 3, (abs(hashtext(id::text)::bigint) % 3000)::numeric, 100 from contacts c where c.name like 'Segment Contact %' and abs(hashtext(c.id::text)::bigint) % 2 = 0
      on conflict do nothing`);
    await db.execute(sql`analyze`);
  }
  const times: number[] = [];
  let matched = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    matched = (await previewSegment(db, VIP_SEGMENT, new Date())).count;
    times.push(performance.now() - t0);
  }
  return { ms: Math.round(times.sort((a, b) => a - b)[2]!), matched };
}
