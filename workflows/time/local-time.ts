// Local-time helpers over luxon: which zone applies to a contact, and "the next HH:mm there".
import { DateTime, IANAZone } from 'luxon';

/** The contact's own IANA zone when valid, else the workspace zone. */
export function contactZone(contactZone: string | undefined, workspaceZone: string): string {
  return contactZone && isValidZone(contactZone) ? contactZone : workspaceZone;
}

/** Zone names seen, and whether each is valid: luxon builds an Intl formatter for every check (a campaign checks each recipient). */
const zoneValidity = new Map<string, boolean>();

function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    // Bounded: names come from contacts' data, so the set of distinct ones is small, but not trusted to be.
    if (zoneValidity.size < 10_000) zoneValidity.set(zone, valid);
  }
  return valid;
}

export function parseLocalTime(hhmm: string): { hour: number; minute: number } {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour, minute };
}

/**
 * The first instant strictly after `after` when the wall clock in `zone` reads `hhmm`.
 * Luxon resolves a time that a DST gap skips by moving it forward, so a 02:30 wait still fires.
 */
export function nextLocalTime(after: Date, zone: string, hhmm: string): Date {
  const { hour, minute } = parseLocalTime(hhmm);
  const local = DateTime.fromJSDate(after, { zone });
  let candidate = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= after.getTime()) candidate = local.plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  return candidate.toJSDate();
}
