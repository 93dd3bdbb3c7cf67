// Inactivity trigger: no activity for N days, counted from the latest known activity of any kind (inbound message,
// order, an imported last-activity date); a contact with no known activity counts from first seen.
import type { ContactFacts } from '../facts.ts';
import type { Occurrence } from './date-attribute.ts';

const DAY_MS = 86_400_000;

type ActivityFacts = Pick<ContactFacts, 'lastInboundAt' | 'lastOrderAt' | 'lastActivityAt' | 'firstSeenAt'>;

/** The latest known activity; first seen only when none is known (an import's own time is not activity). */
export function lastActivity(contact: ActivityFacts): Date {
  const known = [contact.lastInboundAt, contact.lastOrderAt, contact.lastActivityAt].filter((d): d is Date => d instanceof Date);
  if (!known.length) return contact.firstSeenAt;
  return new Date(Math.max(...known.map((d) => d.getTime())));
}

export function isInactive(contact: ActivityFacts, days: number, now: Date): boolean {
  return now.getTime() - lastActivity(contact).getTime() >= days * DAY_MS;
}

/**
 * When the contact becomes inactive. The key names the activity it counts from, so one quiet
 * spell gives one run, and writing again starts a new spell with a new key.
 */
export function inactivityOccurrence(contact: ContactFacts, days: number): Occurrence {
  const since = lastActivity(contact);
  return {
    at: new Date(since.getTime() + days * DAY_MS),
    occurrenceKey: `inactivity:${contact.id}:${days}d:${since.toISOString()}`,
  };
}
