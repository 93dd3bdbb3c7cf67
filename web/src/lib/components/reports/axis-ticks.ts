// Value-axis ticks for report charts: round steps whose labels are all different once formatted.

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Steps a duration axis may take, in seconds. Each is a whole number of the unit its ticks are shown in
 * (seconds, whole minutes, tenths of hours, tenths of days), so no two ticks round to the same label.
 */
export const DURATION_STEPS = [
  1,
  2,
  5,
  10,
  15,
  30,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  5 * DAY,
  10 * DAY,
  20 * DAY,
  50 * DAY,
].map((s) => s * SECOND);

/** Steps a count axis may take: 1, 2, 5, 10, 20, 50 … (never a fraction of a message). */
export const COUNT_STEPS = Array.from({ length: 10 }, (_, power) => [1, 2, 5].map((m) => m * 10 ** power)).flat();

/**
 * The ticks from 0 up to at least `max`: the smallest step from `steps` giving at most `maxTicks` intervals
 * whose formatted labels are all different. Chart.js picks steps by decimal rules (50 s, 100 s, 150 s …),
 * which a "min" formatter rounds into repeats ("2 min, 3 min, 3 min").
 */
export function axisTicks(max: number, format: (value: number) => string, steps: number[], maxTicks = 5): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 0;
  for (const step of steps) {
    const count = Math.max(1, Math.ceil(top / step));
    if (count > maxTicks) continue;
    const ticks = Array.from({ length: count + 1 }, (_, i) => i * step);
    const labels = ticks.map(format);
    if (new Set(labels).size === labels.length) return ticks;
  }
  const step = steps.at(-1) ?? 1;
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}
