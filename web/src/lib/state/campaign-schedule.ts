// Whether a campaign schedule's day and time have already passed, on the marketer's own calendar and clock.

/** `YYYY-MM-DD` of a moment in the browser's zone, as a date input writes it. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * `day`: the day is over here, so the campaign would go out at once to everyone; refused in the form. `time`: today,
 * at a time already past here; contacts whose local time has passed get it at once, which the form says. Null: ahead.
 */
export function schedulePassed(date: string, time: string, now: Date): 'day' | 'time' | null {
  if (!date) return null;
  const today = localDay(now);
  if (date < today) return 'day';
  if (date > today || !time) return null;
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes! <= now.getHours() * 60 + now.getMinutes() ? 'time' : null;
}
