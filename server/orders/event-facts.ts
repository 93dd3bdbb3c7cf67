// Tracked customer events as rule facts: per contact and name, the latest occurrence times the event-count leaves read.
import { sql } from 'drizzle-orm';
import { rowsOf, tsParam, type DbOrTx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { MAX_EVENT_DAYS, MAX_EVENT_TIMES } from '../../workflows/conditions/schema.ts';

const DAY_MS = 86_400_000;

/**
 * Keeps the latest MAX_EVENT_TIMES occurrences of each name within MAX_EVENT_DAYS before `now`: a leaf asks for at
 * most that many within at most that many days, so the latest ones answer it exactly. `names` 'all' loads every name.
 */
export async function loadEventFacts(db: DbOrTx, contactIds: string[], names: string[] | 'all', now: Date): Promise<Map<string, Record<string, Date[]>>> {
  const out = new Map<string, Record<string, Date[]>>();
  if (!contactIds.length || (names !== 'all' && !names.length)) return out;
  const byName = names === 'all' ? sql`` : sql`and name = any(${sqlArray(names, 'text')})`;
  const rows = rowsOf<{ contact_id: string; name: string; occurred_at: string | Date }>(
    await db.execute(sql`select contact_id, name, occurred_at from (
        select contact_id, name, occurred_at, row_number() over (partition by contact_id, name order by occurred_at desc) as n
        from customer_events
        where contact_id = any(${sqlArray(contactIds, 'uuid')}) ${byName}
          and occurred_at >= ${tsParam(new Date(now.getTime() - MAX_EVENT_DAYS * DAY_MS))} and occurred_at <= ${tsParam(now)}
      ) latest where n <= ${MAX_EVENT_TIMES}`),
  );
  for (const r of rows) {
    const events = out.get(r.contact_id) ?? {};
    (events[r.name] ??= []).push(new Date(r.occurred_at));
    out.set(r.contact_id, events);
  }
  return out;
}
