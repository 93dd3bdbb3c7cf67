import { describe, expect, it } from 'vitest';
import { I18n } from '../../i18n/i18n.svelte';
import { axisTicks, COUNT_STEPS, DURATION_STEPS } from './axis-ticks';

describe('report axis ticks', () => {
  const en = new I18n('en');
  const tr = new I18n('tr');
  const labels = (i18n: I18n, max: number) => axisTicks(max, i18n.duration, DURATION_STEPS).map(i18n.duration);

  it('labels an axis up to 8½ minutes in whole, different minutes', () => {
    expect(axisTicks(510, en.duration, DURATION_STEPS)).toEqual([0, 120, 240, 360, 480, 600]);
    expect(
      labels(en, 510)
        .slice(1)
        .map((l) => l.replace(/\D+/g, ' ').trim()),
    ).toEqual(['2', '4', '6', '8', '10']);
    expect(
      labels(en, 510)
        .slice(1)
        .every((l) => /^\d+ mins?$/.test(l)),
    ).toBe(true);
  });

  it('never repeats a label, in English or Turkish, whatever the largest value', () => {
    for (const max of [1, 7, 45, 59, 61, 90, 130, 480, 510, 3599, 3601, 5400, 7200, 40_000, 86_399, 90_000, 700_000, 4_000_000]) {
      for (const i18n of [en, tr]) {
        const shown = labels(i18n, max);
        expect(new Set(shown).size, `${max}: ${shown.join(', ')}`).toBe(shown.length);
        expect(axisTicks(max, i18n.duration, DURATION_STEPS).at(-1)!).toBeGreaterThanOrEqual(max);
      }
    }
  });

  it('counts in whole messages', () => {
    expect(axisTicks(3, String, COUNT_STEPS)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(17, String, COUNT_STEPS)).toEqual([0, 5, 10, 15, 20]);
    expect(axisTicks(0, String, COUNT_STEPS)).toEqual([0, 1]);
  });
});
