// RFM scores and segments on a small data set computed by hand (the working is in the comments).
import { describe, expect, it } from 'vitest';
import { quintileScores, rfmSegment, scoreRfm } from './rfm-score.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

describe('RFM scoring', () => {
  it('scores ten customers by quintile and names their segments exactly as computed by hand', () => {
    // n = 10, so score = 1 + ⌊(customers strictly lower) / 2⌋.
    // Recency order J<I<H<G<F<E<D<C<B<A → 1 1 2 2 3 3 4 4 5 5.
    // Frequency 1,1,1 (C,H,J: 0 lower → 1), F=2 (3 lower → 2), D=3 (4 → 3), I=4 (5 → 3), E=5 (6 → 4), G=6 (7 → 4), B=8 (8 → 5), A=10 (9 → 5).
    // Monetary J<H<C<F<D<I<E<G<B<A → 1 1 2 2 3 3 4 4 5 5.
    const customers = [
      ['A', 100, 10, '1000.00'],
      ['B', 99, 8, '800.00'],
      ['C', 95, 1, '50.00'],
      ['D', 90, 3, '300.00'],
      ['E', 80, 5, '500.00'],
      ['F', 60, 2, '120.00'],
      ['G', 50, 6, '650.00'],
      ['H', 30, 1, '20.00'],
      ['I', 20, 4, '400.00'],
      ['J', 10, 1, '10.00'],
    ] as const;
    const scores = scoreRfm(customers.map(([contactId, d, orders, totalSpent]) => ({ contactId, lastOrderAt: day(d), orders, totalSpent })));
    expect(scores.map((s) => [s.contactId, s.r, s.f, s.m, s.segment])).toEqual([
      ['A', 5, 5, 5, 'Champions'],
      ['B', 5, 5, 5, 'Champions'],
      ['C', 4, 1, 2, 'Promising'],
      ['D', 4, 3, 3, 'Potential loyalists'],
      ['E', 3, 4, 4, 'Loyal'],
      ['F', 3, 2, 2, 'Need attention'],
      ['G', 2, 4, 4, 'At risk'],
      ['H', 2, 1, 1, 'Hibernating'],
      ['I', 1, 3, 3, 'At risk'],
      ['J', 1, 1, 1, 'Lost'],
    ]);
  });

  it('gives equal values the same score and compares amounts exactly in cents', () => {
    expect(quintileScores([5n, 5n, 5n, 5n])).toEqual([1, 1, 1, 1]);
    expect(quintileScores([1n, 2n, 2n, 3n, 4n])).toEqual([1, 2, 2, 4, 5]);
    const [a, b] = scoreRfm([
      { contactId: 'a', lastOrderAt: day(1), orders: 1, totalSpent: '999999999999.98' },
      { contactId: 'b', lastOrderAt: day(1), orders: 1, totalSpent: '999999999999.99' },
    ]);
    expect([a!.m, b!.m]).toEqual([1, 3]);
  });

  it('maps every recency × frequency cell to the documented segment', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)));
    expect(grid).toEqual([
      ['New', 'Potential loyalists', 'Potential loyalists', 'Champions', 'Champions'],
      ['Promising', 'Potential loyalists', 'Potential loyalists', 'Loyal', 'Loyal'],
      ['Need attention', 'Need attention', 'Need attention', 'Loyal', 'Loyal'],
      ['Hibernating', 'Hibernating', 'At risk', 'At risk', "Can't lose them"],
      ['Lost', 'Lost', 'At risk', 'At risk', "Can't lose them"],
    ]);
  });
});
