// Validators for values the platform's Intl knows better than any regex: time zones, currencies, dates.
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export function isCurrency(value: string): boolean {
  if (!/^[A-Z]{3}$/.test(value)) return false;
  return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency').includes(value);
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
