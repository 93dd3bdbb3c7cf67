// A contact's most responsive hour: the local hour of the day they most often write at, from their messages' hours.
import { DateTime } from 'luxon';

/** Fewer messages than this say nothing about a habit: the campaign's fallback time is used instead. */
export const MIN_RESPONSIVE_MESSAGES = 3;

/**
 * `countsByUtcHour`: how many messages the contact wrote in each UTC hour (0–23). The hours are read in `zone` as
 * it stands on `date` (the send day, so summer time is the one in force then); a zone a half hour off UTC counts
 * from the start of its local hour. Ties go to the earlier local hour.
 */
export function mostResponsiveHour(countsByUtcHour: ReadonlyMap<number, number>, zone: string, date: string): number | undefined {
  let total = 0;
  for (const n of countsByUtcHour.values()) total += n;
  if (total < MIN_RESPONSIVE_MESSAGES) return undefined;
  const offsetMinutes = DateTime.fromISO(`${date}T12:00`, { zone }).offset;
  const local = new Map<number, number>();
  for (const [utcHour, n] of countsByUtcHour) {
    const hour = Math.floor(((((utcHour * 60 + offsetMinutes) % 1440) + 1440) % 1440) / 60);
    local.set(hour, (local.get(hour) ?? 0) + n);
  }
  let best: number | undefined;
  for (const [hour, n] of local) {
    const top = best === undefined ? -1 : local.get(best)!;
    if (n > top || (n === top && hour < best!)) best = hour;
  }
  return best;
}
