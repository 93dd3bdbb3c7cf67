import { describe, expect, it } from 'vitest';
import { mostResponsiveHour } from './responsive-hour.ts';

const counts = (entries: Array<[number, number]>) => new Map(entries);

describe('mostResponsiveHour', () => {
  it('reads the busiest UTC hour in the contact’s zone on the send day', () => {
    // 11:00 UTC is 14:00 in Istanbul (UTC+3 all year).
    expect(
      mostResponsiveHour(
        counts([
          [11, 4],
          [7, 1],
        ]),
        'Europe/Istanbul',
        '2026-07-01',
      ),
    ).toBe(14);
    // 18:00 UTC is 14:00 in New York in summer, 13:00 in winter.
    expect(mostResponsiveHour(counts([[18, 3]]), 'America/New_York', '2026-07-01')).toBe(14);
    expect(mostResponsiveHour(counts([[18, 3]]), 'America/New_York', '2026-01-15')).toBe(13);
    // Across midnight: 22:00 UTC is 01:00 the next day in Istanbul.
    expect(mostResponsiveHour(counts([[22, 5]]), 'Europe/Istanbul', '2026-07-01')).toBe(1);
    // Half an hour off UTC: 09:00 UTC is 14:30 in Kolkata, counted in its 14:00 hour.
    expect(mostResponsiveHour(counts([[9, 3]]), 'Asia/Kolkata', '2026-07-01')).toBe(14);
  });

  it('says nothing below three messages, and breaks ties toward the earlier hour', () => {
    expect(mostResponsiveHour(counts([[11, 2]]), 'UTC', '2026-07-01')).toBeUndefined();
    expect(mostResponsiveHour(counts([]), 'UTC', '2026-07-01')).toBeUndefined();
    expect(
      mostResponsiveHour(
        counts([
          [16, 2],
          [9, 2],
        ]),
        'UTC',
        '2026-07-01',
      ),
    ).toBe(9);
  });
});
