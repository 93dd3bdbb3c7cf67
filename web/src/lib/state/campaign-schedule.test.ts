import { describe, expect, it } from 'vitest';
import { schedulePassed } from './campaign-schedule';

describe('schedulePassed', () => {
  // 14:30 on 10 June 2026 on the machine's own clock, whatever its zone.
  const now = new Date(2026, 5, 10, 14, 30);

  it('calls a day before today over, which would send to everyone at once', () => {
    expect(schedulePassed('2026-06-04', '10:00', now)).toBe('day');
    expect(schedulePassed('2025-12-31', '23:59', now)).toBe('day');
  });

  it('calls a time already past today passed, and a later time or day ahead', () => {
    expect(schedulePassed('2026-06-10', '09:00', now)).toBe('time');
    expect(schedulePassed('2026-06-10', '14:30', now)).toBe('time');
    expect(schedulePassed('2026-06-10', '14:31', now)).toBeNull();
    expect(schedulePassed('2026-06-11', '00:00', now)).toBeNull();
  });

  it('says nothing before a day is chosen', () => {
    expect(schedulePassed('', '10:00', now)).toBeNull();
  });
});
