// Quiet hours in the contact's zone: a message due inside the window is deferred to its end, never dropped.
import { DateTime } from 'luxon';
import type { QuietHoursWindow } from '../model.ts';
import { DEFAULT_QUIET_HOURS } from '../model.ts';
import { parseLocalTime } from '../time/local-time.ts';

export type QuietHoursDecision = { allowed: true } | { allowed: false; deferUntil: Date };

function minutesOf(hhmm: string): number {
  const { hour, minute } = parseLocalTime(hhmm);
  return hour * 60 + minute;
}

export function quietHours(nowUtc: Date, zone: string, window: QuietHoursWindow = DEFAULT_QUIET_HOURS): QuietHoursDecision {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return { allowed: true };
  const local = DateTime.fromJSDate(nowUtc, { zone });
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = start > end;
  const inside = spansMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return { allowed: true };
  // Evening side of a window that spans midnight ends tomorrow; otherwise it ends today.
  const endDay = spansMidnight && minute >= start ? local.plus({ days: 1 }) : local;
  const { hour, minute: endMinute } = parseLocalTime(window.end);
  const deferUntil = endDay.set({ hour, minute: endMinute, second: 0, millisecond: 0 });
  return { allowed: false, deferUntil: deferUntil.toJSDate() };
}
