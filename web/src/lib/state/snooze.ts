// When "snooze until tomorrow" ends: 09:00 local time on the next day.
export function tomorrowMorning(now: Date = new Date()): string {
  const next = new Date(now);
  next.setDate(next.getDate() + 1);
  next.setHours(9, 0, 0, 0);
  return next.toISOString();
}

/** "Snooze for an hour" ends an hour from now. */
export function inOneHour(now: Date = new Date()): string {
  return new Date(now.getTime() + 3_600_000).toISOString();
}

/** "Snooze until next week" ends seven days from now. */
export function nextWeek(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 24 * 3_600_000).toISOString();
}
