import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ContactFacts } from '../facts.ts';
import { nextBirthdayOccurrence, nextDateAttributeOccurrence, parseMonthDay } from './date-attribute.ts';

const contact = (birthday: string, timeZone?: string): ContactFacts => ({ id: 'c1', birthday, timeZone, firstSeenAt: new Date('2020-01-01T00:00:00Z') });
const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm');

describe('nextBirthdayOccurrence', () => {
  it.each([
    ['Europe/Istanbul', '2026-05-20T06:00:00.000Z'],
    ['America/New_York', '2026-05-20T13:00:00.000Z'],
    ['Asia/Tokyo', '2026-05-20T00:00:00.000Z'],
  ])('fires at 09:00 local in %s', (zone, utc) => {
    const next = nextBirthdayOccurrence(contact('1990-05-20', zone), 'UTC', '09:00', new Date('2026-01-01T00:00:00Z'));
    expect(next?.at.toISOString()).toBe(utc);
    expect(local(next!.at, zone)).toBe('2026-05-20 09:00');
    expect(next?.occurrenceKey).toBe('birthday:c1:2026');
  });

  it('celebrates a Feb 29 birthday on Feb 28 in a common year and on Feb 29 in a leap year', () => {
    const feb29 = contact('02-29', 'Europe/Istanbul');
    const in2027 = nextBirthdayOccurrence(feb29, 'UTC', '09:00', new Date('2026-12-01T00:00:00Z'));
    expect(local(in2027!.at, 'Europe/Istanbul')).toBe('2027-02-28 09:00');
    expect(in2027?.occurrenceKey).toBe('birthday:c1:2027');
    const in2028 = nextBirthdayOccurrence(feb29, 'UTC', '09:00', new Date('2028-01-10T00:00:00Z'));
    expect(local(in2028!.at, 'Europe/Istanbul')).toBe('2028-02-29 09:00');
  });

  it('stays at 09:00 local in New York right after DST starts (March 10 2025) and on the day it ends (Nov 3 2024)', () => {
    const march = nextBirthdayOccurrence(contact('03-10', 'America/New_York'), 'UTC', '09:00', new Date('2025-01-01T00:00:00Z'));
    expect(march?.at.toISOString()).toBe('2025-03-10T13:00:00.000Z'); // EDT, UTC-4
    const november = nextBirthdayOccurrence(contact('11-03', 'America/New_York'), 'UTC', '09:00', new Date('2024-06-01T00:00:00Z'));
    expect(november?.at.toISOString()).toBe('2024-11-03T14:00:00.000Z'); // EST, UTC-5
  });

  it("moves to next year once this year's time has passed, with a new occurrence key", () => {
    const next = nextBirthdayOccurrence(contact('05-20', 'Asia/Tokyo'), 'UTC', '09:00', new Date('2026-05-20T00:00:00Z'));
    expect(next?.occurrenceKey).toBe('birthday:c1:2027');
  });

  it('uses the workspace zone when the contact has no valid zone', () => {
    const next = nextBirthdayOccurrence(contact('05-20', 'Mars/Olympus'), 'Europe/Istanbul', '10:30', new Date('2026-01-01T00:00:00Z'));
    expect(local(next!.at, 'Europe/Istanbul')).toBe('2026-05-20 10:30');
  });

  it('ignores an unusable birthday', () => {
    expect(nextBirthdayOccurrence(contact('13-01'), 'UTC', '09:00', new Date())).toBeUndefined();
    expect(parseMonthDay('--02-29')).toEqual({ month: 2, day: 29 });
    expect(parseMonthDay('02-30')).toBeUndefined();
  });
});

describe('nextDateAttributeOccurrence', () => {
  it('reads a custom date attribute and keys the occurrence by its name', () => {
    const c: ContactFacts = { ...contact('01-01', 'Europe/Istanbul'), attributes: { anniversary: '2019-09-14' } };
    const next = nextDateAttributeOccurrence(c, { field: 'attributes.anniversary', at: '12:00' }, 'UTC', new Date('2026-01-01T00:00:00Z'));
    expect(next?.at.toISOString()).toBe('2026-09-14T09:00:00.000Z');
    expect(next?.occurrenceKey).toBe('date:anniversary:c1:2026');
  });
});
