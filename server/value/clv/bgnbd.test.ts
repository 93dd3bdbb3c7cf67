// BG/NBD and Gamma-Gamma: closed forms against published and hand-computed values, and parameter recovery.
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, customerLogLikelihood, expectedPurchases, fitBgnbd, preparedLogLikelihood, probabilityAlive } from './bgnbd.ts';
import { expectedSpend, fitGammaGamma, preparedSpendLogLikelihood, spendLogLikelihood } from './gamma-gamma.ts';
import { seeded, simulateCustomers, simulateSpend } from './simulate.fixture.ts';

// The CDNOW fit published by Fader, Hardie & Lee (2005), table of estimates: r = 0.243, α = 4.414, a = 0.793, b = 2.426.
const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD closed forms', () => {
  it('gives the published conditional expectation for a CDNOW customer (x = 2, t_x = 30.43, T = 38.86, next 39 weeks: 1.226)', () => {
    expect(conditionalExpectedPurchases(cdnow, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it('gives P(alive) as computed by hand for the same customer', () => {
    // a/(b+x−1) = 0.793/3.426 = 0.231465; ((α+T)/(α+t_x))^(r+x) = (43.274/34.844)^2.243 = 1.625772;
    // P = 1 / (1 + 0.231465 × 1.625772) = 0.72658.
    expect(probabilityAlive(cdnow, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(0.72658, 4);
    expect(probabilityAlive(cdnow, { x: 0, tx: 0, T: 38.86 })).toBe(1);
  });

  it('behaves like a Poisson rate r/α over a short horizon, and like the conditional form for a customer just born', () => {
    expect(expectedPurchases(cdnow, 0.01) / 0.01).toBeCloseTo(0.243 / 4.414, 4);
    expect(conditionalExpectedPurchases(cdnow, { x: 0, tx: 0, T: 0 }, 39)).toBeCloseTo(expectedPurchases(cdnow, 39), 10);
  });

  it('gives the Gamma-Gamma expected spend as computed by hand', () => {
    // p = 6.25, q = 3.74, γ = 15.44, x = 2, m = 30: 6.25 × (15.44 + 60) / (12.5 + 3.74 − 1) = 471.5 / 15.24 = 30.938320…
    expect(expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, { x: 2, m: 30 })).toBeCloseTo(30.93832, 5);
  });
});

describe('parameter recovery', () => {
  it('fits BG/NBD parameters back from 8,000 simulated customers', () => {
    const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    const customers = simulateCustomers(seeded(7), truth, 8_000, [26, 78]);
    const { params } = fitBgnbd(customers);
    expect(Math.abs(params.r / truth.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(params.alpha / truth.alpha - 1)).toBeLessThan(0.1);
    expect(Math.abs(params.a / truth.a - 1)).toBeLessThan(0.2);
    expect(Math.abs(params.b / truth.b - 1)).toBeLessThan(0.2);
  });

  it('fits Gamma-Gamma parameters back from 5,000 simulated repeat customers', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const rand = seeded(11);
    const customers = Array.from({ length: 5_000 }, (_, i) => {
      const x = 1 + (i % 6);
      return { x, m: simulateSpend(rand, truth, x) };
    });
    const { params } = fitGammaGamma(customers);
    // p is pinned by the spread within customers; q and γ trade off along a ridge, so their ratio is the sharp figure.
    expect(Math.abs(params.p / truth.p - 1)).toBeLessThan(0.1);
    expect(Math.abs((params.p * params.gamma) / (params.q - 1) / ((truth.p * truth.gamma) / (truth.q - 1)) - 1)).toBeLessThan(0.05);
    expect(Math.abs(params.q / truth.q - 1)).toBeLessThan(0.2);
    expect(Math.abs(params.gamma / truth.gamma - 1)).toBeLessThan(0.2);
  });
});

describe('fits on small, flat data', () => {
  // The repeat buyers of tests/orders/clv-api.test.ts: spends that barely vary, so the Gamma-Gamma likelihood climbs a
  // ridge toward p → ∞. The value pass read them in whatever order Postgres returned the contacts; in a few orders
  // in a hundred the simplex ran off to p = 10⁹⁷ on rounding noise and the mean spend came out at 10³², which
  // overflowed the money column and failed the pass on every retry.
  const flat = [33.75, 28.5, 43.5, 28.75, 30.75, 30, 30.25, 50, 30, 29.25, 33.25, 40.5, 31.5, 37.5, 30, 32, 27.75, 36.25, 40.5, 37.5, 36.75, 28.5, 31.75, 25.5, 34.5, 32].map((m, i) => ({
    x: [0, 3, 6, 7, 9, 10, 16, 17, 20, 21, 22, 23, 24].some((k) => k === i) ? 2 : 1,
    m,
  }));
  const shuffled = <T>(items: readonly T[], rand: () => number) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };

  it('gives the same spend fit in any order of the customers, with a mean spend among the ones observed', () => {
    const rand = seeded(21);
    const reference = fitGammaGamma(flat);
    const mean = expectedSpend(reference.params, { x: 0, m: 0 });
    expect(mean).toBeGreaterThan(25.5);
    expect(mean).toBeLessThan(50);
    expect(reference.logLikelihood).toBeLessThan(0);
    for (let k = 0; k < 100; k++) expect(fitGammaGamma(shuffled(flat, rand))).toEqual(reference);
  });

  it('gives the same purchase fit in any order of the customers', () => {
    const rand = seeded(22);
    const customers = simulateCustomers(seeded(4), cdnow, 300, [26, 52]);
    const reference = fitBgnbd(customers);
    for (let k = 0; k < 5; k++) expect(fitBgnbd(shuffled(customers, rand))).toEqual(reference);
  });
});

describe('the likelihoods the fits optimise', () => {
  // The fits call prepared forms (terms of x alone once per distinct x, logs once per distinct T and t_x); they must be
  // the papers' per-customer sums, repeated histories and one-time buyers included.
  it('gives the BG/NBD sum of eq. 6 over every customer, at several parameter points', () => {
    const customers = simulateCustomers(seeded(3), { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, 3_000, [26, 78]);
    expect(customers.some((c) => c.x === 0) && customers.some((c) => c.x > 2)).toBe(true);
    const prepared = preparedLogLikelihood(customers);
    for (const params of [cdnow, { r: 1.7, alpha: 0.4, a: 3.1, b: 0.6 }, { r: 0.05, alpha: 20, a: 0.2, b: 9 }]) {
      const reference = customers.reduce((sum, c) => sum + customerLogLikelihood(params, c), 0);
      expect(prepared(params)).toBeCloseTo(reference, 6);
    }
  });

  it('gives the Gamma-Gamma sum over every repeat customer, at several parameter points', () => {
    const rand = seeded(5);
    const customers = Array.from({ length: 2_000 }, (_, i) => ({ x: 1 + (i % 7), m: simulateSpend(rand, { p: 6, q: 4, gamma: 15 }, 1 + (i % 7)) }));
    const prepared = preparedSpendLogLikelihood(customers);
    for (const params of [
      { p: 6, q: 4, gamma: 15 },
      { p: 0.7, q: 1.2, gamma: 300 },
    ]) {
      expect(prepared(params)).toBeCloseTo(spendLogLikelihood(params, customers), 6);
    }
  });
});
