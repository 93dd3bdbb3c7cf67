// When "snooze until tomorrow" ends: 09:00 local time on the next day.
export function tomorrowMorning(now: Date = new Date()): string {
  const next = new Date(now);
  next.setDate(next.getDate() + 1);
  next.setHours(9, 0, 0, 0);
  return next.toISOString();
}
