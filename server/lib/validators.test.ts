import { describe, expect, it } from 'vitest';
import { isoDay, isoTimestamp, isStorableDate } from './validators.ts';

describe('dates Postgres can store', () => {
  it('accepts four-digit years and refuses year 0, five-digit and negative years, also when an offset crosses the edge', () => {
    const ok = (v: string) => isoTimestamp().safeParse(v).success;
    expect(ok('2026-05-01T09:00:00+03:00')).toBe(true);
    expect(ok('1000-01-01T00:00:00Z')).toBe(true);
    expect(ok('9999-12-31T23:59:59Z')).toBe(true);
    expect(ok('0000-01-01T00:00:00Z')).toBe(false);
    expect(ok('0999-12-31T23:59:59Z')).toBe(false);
    expect(ok('1000-01-01T00:30:00+01:00')).toBe(false);
    expect(ok('9999-12-31T23:00:00-14:00')).toBe(false);
    expect(ok('99999-01-01')).toBe(false);
    expect(ok('-001000-01-01T00:00:00Z')).toBe(false);
  });

  it('keeps calendar days a day inside the range, so midnight anywhere is storable', () => {
    const ok = (v: string) => isoDay().safeParse(v).success;
    expect(ok('2026-02-28')).toBe(true);
    expect(ok('1000-01-02')).toBe(true);
    expect(ok('1000-01-01')).toBe(false);
    expect(ok('9999-12-31')).toBe(false);
    expect(ok('0000-01-01')).toBe(false);
  });

  it('says an invalid date is not storable', () => {
    expect(isStorableDate(new Date('nonsense'))).toBe(false);
    expect(isStorableDate(new Date('2026-05-01T00:00:00Z'))).toBe(true);
  });
});
