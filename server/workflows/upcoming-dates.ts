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

/** The `days` dates from today on the workspace calendar (YYYY-MM-DD): "the next 7 days" is today and the 6 after it. */
function upcomingDates(now: Date, workspaceZone: string, days: number): string[] {
  const today = DateTime.fromJSDate(now, { zone: workspaceZone }).startOf('day');
  return Array.from({ length: days }, (_, i) => today.plus({ days: i }).toISODate()!);
}

/**
 * Greetings still to come whose day on the contact's own calendar is one of the upcoming dates, earliest first. Not
 * "within 7 × 24 hours": after today's greeting time that reached the same day next week, an eighth day.
 */
export async function upcomingGreetings(db: Db, trigger: DateTrigger, now: Date, workspaceZone: string, days = UPCOMING_DAYS): Promise<Greeting[]> {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(isNull(contacts.erasedAt), dateCandidates(trigger.field, now, 1, days + 1)));
  const dates = new Set(upcomingDates(now, workspaceZone, days));
  const out: Greeting[] = [];
  for (const row of rows) {
    const facts = { id: row.id, timeZone: row.timeZone ?? undefined, birthday: birthdayString(row) ?? undefined, attributes: row.attributes, firstSeenAt: row.firstSeenAt };
    const next = nextDateAttributeOccurrence(facts, trigger, workspaceZone, now);
    if (!next) continue;
    const timeZone = contactZone(row.timeZone ?? undefined, workspaceZone);
    const localDate = DateTime.fromJSDate(next.at, { zone: timeZone }).toISODate()!;
    if (dates.has(localDate)) out.push({ row, at: next.at, timeZone, localDate });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.row.id.localeCompare(b.row.id));
}

/** One entry per upcoming date, each listing who is greeted that day on their own calendar. */
export function greetingsByDay(greetings: Greeting[], now: Date, workspaceZone: string, days = UPCOMING_DAYS) {
  return upcomingDates(now, workspaceZone, days).map((date) => {
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
