import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { consentAllows, suppressionAllows } from './consent.ts';
import { frequencyCap } from './frequency-cap.ts';
import { holdout } from './holdout.ts';
import { quietHours } from './quiet-hours.ts';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const localOf = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm');

describe('quietHours', () => {
  it('defers a 02:00 local message to 09:00 the same morning', () => {
    const decision = quietHours(at('2026-06-10T02:00', 'Europe/Istanbul'), 'Europe/Istanbul');
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(localOf(decision.deferUntil, 'Europe/Istanbul')).toBe('2026-06-10 09:00');
  });

  it('defers a 22:30 message to 09:00 the next morning', () => {
    const decision = quietHours(at('2026-06-10T22:30', 'Asia/Tokyo'), 'Asia/Tokyo');
    expect(!decision.allowed && localOf(decision.deferUntil, 'Asia/Tokyo')).toBe('2026-06-11 09:00');
  });

  it('allows daytime messages and the first minute after the window', () => {
    expect(quietHours(at('2026-06-10T09:00', 'Europe/Istanbul'), 'Europe/Istanbul')).toEqual({ allowed: true });
    expect(quietHours(at('2026-06-10T20:59', 'Europe/Istanbul'), 'Europe/Istanbul')).toEqual({ allowed: true });
  });

  it('keeps 09:00 local across the night DST starts in New York', () => {
    const decision = quietHours(at('2025-03-08T23:00', 'America/New_York'), 'America/New_York');
    expect(!decision.allowed && decision.deferUntil.toISOString()).toBe('2025-03-09T13:00:00.000Z');
  });

  it('handles a window that does not span midnight', () => {
    const lunch = { start: '12:00', end: '13:30' };
    const decision = quietHours(at('2026-06-10T12:15', 'Europe/Istanbul'), 'Europe/Istanbul', lunch);
    expect(!decision.allowed && localOf(decision.deferUntil, 'Europe/Istanbul')).toBe('2026-06-10 13:30');
    expect(quietHours(at('2026-06-10T23:00', 'Europe/Istanbul'), 'Europe/Istanbul', lunch).allowed).toBe(true);
  });
});

describe('frequencyCap', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

  it('caps the 4th automated message in a week', () => {
    const three = [daysAgo(1), daysAgo(3), daysAgo(6)];
    expect(frequencyCap(three.slice(0, 2), now).allowed).toBe(true);
    const capped = frequencyCap(three, now);
    expect(capped.allowed).toBe(false);
    expect(capped.reason).toContain('capped');
    expect(capped.freesAt?.toISOString()).toBe(new Date(daysAgo(6).getTime() + 7 * 86_400_000).toISOString());
  });

  it('forgets messages older than the window and honours an override', () => {
    expect(frequencyCap([daysAgo(1), daysAgo(3), daysAgo(8)], now).allowed).toBe(true);
    expect(frequencyCap([daysAgo(1)], now, { max: 1, perDays: 1 }).allowed).toBe(true);
    expect(frequencyCap([daysAgo(0.5)], now, { max: 1, perDays: 1 }).allowed).toBe(false);
  });
});

describe('holdout', () => {
  it('holds out about the requested share of 10,000 contacts (±2 points)', () => {
    for (const percent of [10, 50]) {
      let held = 0;
      for (let i = 0; i < 10_000; i++) if (holdout('wf-reactivation', `contact-${i}`, percent)) held++;
      expect(Math.abs(held / 100 - percent)).toBeLessThanOrEqual(2);
    }
  });

  it('is deterministic per workflow and contact, and differs across workflows', () => {
    const a = Array.from({ length: 200 }, (_, i) => holdout('wf-a', `c${i}`, 50));
    expect(Array.from({ length: 200 }, (_, i) => holdout('wf-a', `c${i}`, 50))).toEqual(a);
    expect(Array.from({ length: 200 }, (_, i) => holdout('wf-b', `c${i}`, 50))).not.toEqual(a);
    expect(holdout('wf-a', 'c1', 0)).toBe(false);
    expect(holdout('wf-a', 'c1', 100)).toBe(true);
  });
});

describe('consentAllows', () => {
  it('blocks marketing on every channel once the contact opted out of all marketing, but not service messages', () => {
    const c = { consents: { all: { status: 'opted_out' as const }, email: { status: 'opted_in' as const } } };
    expect(consentAllows(c, 'email')).toBe(false);
    expect(consentAllows(c, 'sms')).toBe(false);
    expect(consentAllows(c, 'email', { purpose: 'service', requireExplicitOptIn: false })).toBe(true);
  });

  it('keeps suppressed addresses out of marketing only', () => {
    expect(suppressionAllows({ suppressed: true })).toBe(false);
    expect(suppressionAllows({ suppressed: true }, { purpose: 'service', requireExplicitOptIn: false })).toBe(true);
    expect(suppressionAllows({})).toBe(true);
  });

  const marketingStrict = { purpose: 'marketing' as const, requireExplicitOptIn: true };
  it('blocks an opted-out channel for every purpose', () => {
    const c = { consents: { sms: { status: 'opted_out' as const } } };
    expect(consentAllows(c, 'sms')).toBe(false);
    expect(consentAllows(c, 'sms', { purpose: 'service', requireExplicitOptIn: false })).toBe(false);
  });
  it('requires an explicit opt-in for marketing only when the workspace demands it', () => {
    expect(consentAllows({}, 'email')).toBe(true);
    expect(consentAllows({}, 'email', marketingStrict)).toBe(false);
    expect(consentAllows({ consents: { email: { status: 'opted_in' } } }, 'email', marketingStrict)).toBe(true);
    expect(consentAllows({}, 'email', { purpose: 'service', requireExplicitOptIn: true })).toBe(true);
  });
});
