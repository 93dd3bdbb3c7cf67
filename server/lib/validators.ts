// Validators for values the platform's Intl knows better than any regex (time zones, currencies), and the one rule for dates.
import { z } from 'zod';
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

// Asking Intl for its ~300 currencies costs about 90 µs, which an import paid once per row: asked once, kept as a set.
let currencies: Set<string> | undefined;

export function isCurrency(value: string): boolean {
  if (!/^[A-Z]{3}$/.test(value)) return false;
  currencies ??= new Set((Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency'));
  return currencies.has(value);
}

/** `MM-DD` or `YYYY-MM-DD`; Feb 29 is allowed without a year. */
export function parseBirthday(value: string): { year: number | null; month: number; day: number } | undefined {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const year = m[1] ? Number(m[1]) : null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year ?? 2000, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  if (year !== null && (year < 1900 || probe > new Date())) return undefined;
  return { year, month, day };
}

// Postgres refuses year 0 and years past 9999 as the drivers write them ("+010000-…"), and years below 100 come back
// off by centuries (JS reads "0001" as 2001). Every date a client sends is held to four-digit years both sides carry faithfully.
const MIN_STORABLE_MS = Date.UTC(1000, 0, 1);
const MAX_STORABLE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const DAY_MS = 86_400_000;
const RANGE_MESSAGE = 'must be a date between the years 1000 and 9999';

/** Whether Postgres can store this instant and read it back unchanged. */
export function isStorableDate(value: Date): boolean {
  const ms = value.getTime();
  return ms >= MIN_STORABLE_MS && ms <= MAX_STORABLE_MS;
}

/** An ISO 8601 instant with an offset (`2026-05-01T09:00:00+03:00`) that Postgres can store: use for every timestamp input. */
export const isoTimestamp = () => z.iso.datetime({ offset: true }).refine((v) => isStorableDate(new Date(v)), RANGE_MESSAGE);

/** A calendar day (`2026-05-01`) whose midnight is storable in every time zone (so a day inside the range). */
export const isoDay = () =>
  z.iso.date().refine((v) => {
    const midnightUtc = Date.parse(v);
    return isStorableDate(new Date(midnightUtc - DAY_MS)) && isStorableDate(new Date(midnightUtc + 2 * DAY_MS));
  }, RANGE_MESSAGE);
