// The property names a tracked event has carried, read from its most recent rows: what a trigger's property filter
// can be checked against (a misspelt name matches nothing, silently).
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';

/** How many of the event's latest rows are read: enough to see its usual properties, bounded for any volume. */
export const PROPERTY_SAMPLE = 1_000;

export type PropertyType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface SeenProperty {
  name: string;
  /** The JSON types its values had, in alphabetical order. */
  types: PropertyType[];
  /** How many of the sampled events carried it. */
  seen: number;
}

export interface EventProperties {
  name: string;
  /** The events read (at most PROPERTY_SAMPLE, the latest by occurrence); 0 when the event was never tracked. */
  sampled: number;
  /** Most often seen first, then by name. */
  properties: SeenProperty[];
}

export async function eventProperties(db: DbOrTx, name: string): Promise<EventProperties> {
  const rows = rowsOf<{ name: string | null; types: PropertyType[] | null; seen: string | number; sampled: string | number }>(
    await db.execute(sql`
      with recent as (
        select properties from customer_events where name = ${name} order by occurred_at desc limit ${PROPERTY_SAMPLE}
      )
      select p.key as name, array_agg(distinct jsonb_typeof(p.value) order by jsonb_typeof(p.value)) as types, count(*) as seen,
        (select count(*) from recent) as sampled
      from recent r left join lateral jsonb_each(r.properties) p on true
      group by p.key
      order by count(*) desc, p.key`),
  );
  return {
    name,
    sampled: Number(rows[0]?.sampled ?? 0),
    properties: rows.flatMap((r) => (r.name === null ? [] : [{ name: r.name, types: r.types ?? [], seen: Number(r.seen) }])),
  };
}
