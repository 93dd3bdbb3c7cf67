// Date-attribute triggers: the next time a contact's month-day comes round, at a local time in their zone.
import { DateTime } from 'luxon';
import type { ContactFacts } from '../facts.ts';
import { contactZone, parseLocalTime } from '../time/local-time.ts';

export interface Occurrence {
  at: Date;
  /** Unique per run: the engine's unique constraint makes a retried or restarted schedule a no-op. */
  occurrenceKey: string;
}

/** `MM-DD`, `--MM-DD` or `YYYY-MM-DD` → month and day; undefined when unusable. */
export function parseMonthDay(value: unknown): { month: number; day: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(?:\d{4}-|--)?(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  // Checked against a leap year so that 02-29 is a valid birthday.
  return DateTime.utc(2024, month, day).isValid ? { month, day } : undefined;
}

export interface DateAttributeOptions {
  /** Key prefix, e.g. `birthday` or `date:anniversary`. */
  keyPrefix: string;
  workspaceZone: string;
  atLocalTime?: string;
  after: Date;
}

/** Next occurrence strictly after `options.after`; Feb 29 is celebrated on Feb 28 in common years. */
export function nextDateOccurrence(contact: ContactFacts, monthDay: unknown, options: DateAttributeOptions): Occurrence | undefined {
  const parsed = parseMonthDay(monthDay);
  if (!parsed) return undefined;
  const zone = contactZone(contact.timeZone, options.workspaceZone);
  const { hour, minute } = parseLocalTime(options.atLocalTime ?? '09:00');
  const startYear = DateTime.fromJSDate(options.after, { zone }).year;
  for (let year = startYear; year <= startYear + 1; year++) {
    const day = parsed.month === 2 && parsed.day === 29 && !DateTime.local(year).isInLeapYear ? 28 : parsed.day;
    const at = DateTime.fromObject({ year, month: parsed.month, day, hour, minute }, { zone });
    if (at.toMillis() > options.after.getTime()) {
      return { at: at.toJSDate(), occurrenceKey: `${options.keyPrefix}:${contact.id}:${year}` };
    }
  }
  return undefined;
}

export function nextBirthdayOccurrence(contact: ContactFacts, workspaceZone: string, atLocalTime = '09:00', after: Date): Occurrence | undefined {
  return nextDateOccurrence(contact, contact.birthday, { keyPrefix: 'birthday', workspaceZone, atLocalTime, after });
}

/** The trigger form: `field` is `birthday` or `attributes.<key>`. */
export function nextDateAttributeOccurrence(contact: ContactFacts, trigger: { field: string; at?: string }, workspaceZone: string, after: Date): Occurrence | undefined {
  const value = trigger.field === 'birthday' ? contact.birthday : contact.attributes?.[trigger.field.replace(/^attributes\./, '')];
  const keyPrefix = trigger.field === 'birthday' ? 'birthday' : `date:${trigger.field.replace(/^attributes\./, '')}`;
  return nextDateOccurrence(contact, value, { keyPrefix, workspaceZone, atLocalTime: trigger.at, after });
}
