import { describe, expect, it } from 'vitest';
import { meanDifference, moneyAmount, proportionDifference, revenueLift, significant } from './lift.ts';

describe('lift with 95% intervals', () => {
  it('gives the Wald interval of a difference of two proportions', () => {
    // 90/1800 = 5% against 4/200 = 2%: se = √(0.05·0.95/1800 + 0.02·0.98/200) = √0.00012438… = 0.0111530.
    const d = proportionDifference({ n: 1800, x: 90 }, { n: 200, x: 4 });
    expect(d.absolute).toBeCloseTo(0.03, 12);
    expect(d.relative).toBeCloseTo(1.5, 12);
    expect(d.ci95[0]).toBeCloseTo(0.03 - 1.96 * 0.011152977, 8);
    expect(d.ci95[1]).toBeCloseTo(0.0518598, 6);
  });

  it('has no relative lift when nobody in the holdout converted', () => {
    expect(proportionDifference({ n: 10, x: 1 }, { n: 10, x: 0 }).relative).toBeNull();
  });

  it('gives the Welch interval of a difference of means', () => {
    // Revenues 0, 0, 10, 30 (mean 10, s² 200) against 0, 4 (mean 2, s² 8): se = √(200/4 + 8/2) = √54 = 7.348469.
    const d = meanDifference({ n: 4, mean: 10, variance: 200 }, { n: 2, mean: 2, variance: 8 });
    expect(d.absolute).toBe(8);
    expect(d.ci95[0]).toBeCloseTo(8 - 14.403, 3);
    expect(d.ci95[1]).toBeCloseTo(22.403, 3);
  });

  it('reports both lifts, money as two-decimal strings, and nothing while a group is empty', () => {
    const lift = revenueLift({ contacts: 4, converted: 2, revenue: 40, revenueVariance: 200 }, { contacts: 2, converted: 1, revenue: 4, revenueVariance: 8 });
    expect(lift!.conversionRate.absolute).toBe(0);
    expect(lift!.conversionRate.relative).toBe(0);
    expect(lift!.revenuePerRecipient).toEqual({ absolute: '8.00', ci95: ['-6.40', '22.40'] });
    expect(revenueLift({ contacts: 4, converted: 2, revenue: 40, revenueVariance: 200 }, { contacts: 0, converted: 0, revenue: 0, revenueVariance: 0 })).toBeNull();
  });

  it('calls a lift significant only when its interval leaves out zero', () => {
    expect(significant([0.0081, 0.0519])).toBe(true);
    expect(significant(['-6.40', '22.40'])).toBe(false);
    expect(significant([-0.3, -0.1])).toBe(true);
    expect(moneyAmount(-0.001)).toBe('0.00');
  });
});
