// Who a date trigger (a birthday) greets in the coming days, each at the local time in their own zone, grouped by
// the day they see on their own calendar — what the dry run walks instead of "everyone with a birthday, now".
import { and, isNull, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { nextDateAttributeOccurrence, type Trigger } from '../../workflows/index.ts';
import { contactZone } from '../../workflows/time/local-time.ts';
import type { Db } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { birthdayString } from '../contacts/contact-profile.ts';

export const UPCOMING_DAYS = 7;
const DAY_MS = 86_400_000;

type ContactRow = typeof contacts.$inferSelect;
type DateTrigger = Extract<Trigger, { type: 'date_attribute' }>;

export interface Greeting {
  row: ContactRow;
  /** When the run starts: the trigger's local time on the date, in the contact's zone. */
  at: Date;
  timeZone: string;
  /** That day on the contact's own calendar (YYYY-MM-DD). */
  localDate: string;
}

/** Occurrences in (now, now + days]: today's greetings still to come, then the following days'; earliest first. */
export async function upcomingGreetings(db: Db, trigger: DateTrigger, now: Date, workspaceZone: string, days = UPCOMING_DAYS): Promise<Greeting[]> {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(isNull(contacts.erasedAt), dateCandidates(trigger.field, now, 1, days + 1)));
  const until = now.getTime() + days * DAY_MS;
  const out: Greeting[] = [];
  for (const row of rows) {
    const facts = { id: row.id, timeZone: row.timeZone ?? undefined, birthday: birthdayString(row) ?? undefined, attributes: row.attributes, firstSeenAt: row.firstSeenAt };
    const next = nextDateAttributeOccurrence(facts, trigger, workspaceZone, now);
    if (!next || next.at.getTime() > until) continue;
    const timeZone = contactZone(row.timeZone ?? undefined, workspaceZone);
    out.push({ row, at: next.at, timeZone, localDate: DateTime.fromJSDate(next.at, { zone: timeZone }).toISODate()! });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.row.id.localeCompare(b.row.id));
}

/** One entry per day from today (workspace calendar) on, each listing who is greeted that day on their own calendar. */
export function greetingsByDay(greetings: Greeting[], now: Date, workspaceZone: string, days = UPCOMING_DAYS) {
  const today = DateTime.fromJSDate(now, { zone: workspaceZone }).startOf('day');
  const dates = Array.from({ length: days }, (_, i) => today.plus({ days: i }).toISODate()!);
  // A zone ahead of the workspace can reach one calendar day further within the same 7 × 24 hours.
  for (const g of greetings) if (!dates.includes(g.localDate)) dates.push(g.localDate);
  return dates.sort().map((date) => {
    const that = greetings.filter((g) => g.localDate === date);
    return { date, count: that.length, contacts: that.map((g) => ({ contactId: g.row.id, name: g.row.name, timeZone: g.timeZone, at: g.at })) };
  });
}

/**
 * Contacts whose birthday falls on the UTC days from `before` days before now to `after` days after (zones reach
 * ±14 h, so a day either side covers every zone), Feb 29 with Feb 28; date attributes by presence.
 */
export function dateCandidates(field: string, now: Date, before: number, after: number) {
  if (field !== 'birthday') return sql`${contacts.attributes} ? ${field.replace(/^attributes\./, '')}`;
  const pairs = Array.from({ length: before + after + 1 }, (_, i) => DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days: i - before })).map((d) => [d.month, d.day]);
  if (pairs.some(([m, d]) => m === 2 && d === 28)) pairs.push([2, 29]);
  return sql`(${contacts.birthdayMonth}, ${contacts.birthdayDay}) in (${sql.join(
    pairs.map(([m, d]) => sql`(${m}::smallint, ${d}::smallint)`),
    sql`, `,
  )})`;
}
