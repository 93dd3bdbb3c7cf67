// Each contact's most responsive hour for a campaign sent at "their best hour": messages counted per UTC hour in SQL,
// read in the contact's zone by the pure core.
import { sql } from 'drizzle-orm';
import type { CampaignSchedule } from '../../workflows/campaigns/model.ts';
import type { ContactFacts } from '../../workflows/facts.ts';
import { contactZone } from '../../workflows/time/local-time.ts';
import { mostResponsiveHour } from '../../workflows/time/responsive-hour.ts';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';

/** Habits change: a year of messages is enough to learn from. */
const LOOKBACK_DAYS = 365;

/** Fills `responsiveHour` on each contact's facts when the schedule asks for it; other schedules leave them as they are. */
export async function withResponsiveHours(db: DbOrTx, schedule: CampaignSchedule, facts: ContactFacts[], now: Date, workspaceZone: string): Promise<ContactFacts[]> {
  if (schedule.mode !== 'best_hour' || facts.length === 0) return facts;
  const rows = rowsOf<{ contact_id: string; hour: number; n: number }>(
    await db.execute(sql`
    select contact_id, extract(hour from sent_at at time zone 'UTC')::int as hour, count(*)::int as n
    from messages
    where contact_id = any(${sqlArray(
      facts.map((f) => f.id),
      'uuid',
    )}) and direction = 'in' and not auto_reply and sent_at > ${now.toISOString()}::timestamptz - make_interval(days => ${LOOKBACK_DAYS})
    group by 1, 2`),
  );
  const counts = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const byHour = counts.get(row.contact_id) ?? new Map<number, number>();
    byHour.set(Number(row.hour), Number(row.n));
    counts.set(row.contact_id, byHour);
  }
  return facts.map((f) => {
    const byHour = counts.get(f.id);
    const hour = byHour && mostResponsiveHour(byHour, contactZone(f.timeZone, workspaceZone), schedule.date);
    return hour === undefined ? f : { ...f, responsiveHour: hour };
  });
}
