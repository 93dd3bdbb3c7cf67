import { describe, expect, it } from 'vitest';
import { holdout } from './holdout.ts';
import { assignVariant, inTestPhase } from './variant-split.ts';

const contacts = Array.from({ length: 20_000 }, (_, i) => `contact-${i}`);
const share = (keys: string[], key: string) => keys.filter((k) => k === key).length / keys.length;

describe('variant split', () => {
  it('splits equal weights evenly and always gives a contact the same variant', () => {
    const variants = [
      { key: 'A', weight: 1 },
      { key: 'B', weight: 1 },
    ];
    const keys = contacts.map((c) => assignVariant('cmp-1', c, variants).key);
    expect(share(keys, 'A')).toBeGreaterThan(0.48);
    expect(share(keys, 'A')).toBeLessThan(0.52);
    expect(contacts.map((c) => assignVariant('cmp-1', c, variants).key)).toEqual(keys);
  });

  it('follows the weights: 3:1:1 gives about 60/20/20', () => {
    const variants = [
      { key: 'A', weight: 3 },
      { key: 'B', weight: 1 },
      { key: 'C', weight: 1 },
    ];
    const keys = contacts.map((c) => assignVariant('cmp-2', c, variants).key);
    expect(share(keys, 'A')).toBeCloseTo(0.6, 1);
    expect(share(keys, 'B')).toBeCloseTo(0.2, 1);
    expect(share(keys, 'C')).toBeCloseTo(0.2, 1);
  });

  it('draws the variant independently of the holdout: the held-out tenth is split like everyone else', () => {
    const variants = [
      { key: 'A', weight: 1 },
      { key: 'B', weight: 1 },
    ];
    const heldOut = contacts.filter((c) => holdout('cmp-3', c, 10));
    const a = share(
      heldOut.map((c) => assignVariant('cmp-3', c, variants).key),
      'A',
    );
    expect(a).toBeGreaterThan(0.45);
    expect(a).toBeLessThan(0.55);
  });

  it('puts about testPercent of the audience in the test phase, everyone without a test share', () => {
    const inTest = contacts.filter((c) => inTestPhase('cmp-4', c, 20)).length / contacts.length;
    expect(inTest).toBeGreaterThan(0.19);
    expect(inTest).toBeLessThan(0.21);
    expect(contacts.every((c) => inTestPhase('cmp-4', c, undefined))).toBe(true);
  });
});
