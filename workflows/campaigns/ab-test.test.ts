import { describe, expect, it } from 'vitest';
import { rankVariants, variantLift } from './ab-test.ts';

describe('ranking A/B variants', () => {
  it('puts a variant that messaged nobody after every messaged one, so its 0% of nobody neither leads nor wins', () => {
    // Found by a marketer: A drew one recipient who was never sent, B and C were sent, nobody replied; A "led" and won.
    const variants = [
      { key: 'A', sent: 0, hits: 0 },
      { key: 'B', sent: 3, hits: 0 },
      { key: 'C', sent: 2, hits: 0 },
    ];
    expect(rankVariants(variants).map((v) => v.key)).toEqual(['B', 'C', 'A']);
    expect(variantLift(variants, null).leader).toBe('B');
  });

  it('ranks messaged variants by rate, then by the earlier key', () => {
    const ranked = rankVariants([
      { key: 'A', sent: 10, hits: 1 },
      { key: 'B', sent: 10, hits: 3 },
      { key: 'C', sent: 5, hits: 1 },
    ]);
    expect(ranked.map((v) => v.key)).toEqual(['B', 'C', 'A']);
    expect(
      rankVariants([
        { key: 'B', sent: 4, hits: 1 },
        { key: 'A', sent: 8, hits: 2 },
      ]).map((v) => v.key),
    ).toEqual(['A', 'B']);
  });
});
