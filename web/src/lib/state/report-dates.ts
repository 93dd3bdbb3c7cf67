// Report dates in the workspace's zone: which day "today" is there, and the instants its days start at.
import { DateTime } from 'luxon';

/** The browser's own zone, for when the workspace's is unknown or invalid. */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function zoneOrBrowser(zone: string): string {
  return DateTime.now().setZone(zone).isValid ? zone : browserZone();
}

/** The last `days` days up to and including today in `zone`, as `YYYY-MM-DD` dates for date inputs. */
export function defaultReportDates(now: number, zone: string, days = 30): { from: string; to: string } {
  const today = DateTime.fromMillis(now, { zone: zoneOrBrowser(zone) }).startOf('day');
  return { from: today.minus({ days: days - 1 }).toISODate()!, to: today.toISODate()! };
}

/**
 * The API's half-open range for whole local days: from the start of `from` to the start of the day after `to`,
 * both local midnights in `zone` (a day across a daylight-saving change is 23 or 25 hours long).
 */
export function reportInstants(from: string, to: string, zone: string): { from: string; to: string } {
  const z = zoneOrBrowser(zone);
  const start = DateTime.fromISO(from, { zone: z }).startOf('day');
  const end = DateTime.fromISO(to, { zone: z }).startOf('day').plus({ days: 1 });
  return { from: start.toUTC().toISO()!, to: end.toUTC().toISO()! };
}
