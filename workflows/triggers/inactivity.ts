// Inactivity trigger: no inbound message for N days; contacts who never wrote count from first seen.
import type { ContactFacts } from '../facts.ts';
import type { Occurrence } from './date-attribute.ts';

const DAY_MS = 86_400_000;

function lastActivity(contact: Pick<ContactFacts, 'lastInboundAt' | 'firstSeenAt'>): Date {
  return contact.lastInboundAt ?? contact.firstSeenAt;
}

export function isInactive(contact: Pick<ContactFacts, 'lastInboundAt' | 'firstSeenAt'>, days: number, now: Date): boolean {
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
