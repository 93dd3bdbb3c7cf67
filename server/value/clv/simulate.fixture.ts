// Simulates customers from known BG/NBD and Gamma-Gamma parameters, with a seeded generator, for recovery tests.
import type { BgnbdParams, PurchaseHistory } from './bgnbd.ts';
import type { SpendParams } from './gamma-gamma.ts';

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, scale = 1) by Marsaglia and Tsang, with the shape < 1 boost. */
export function gammaSample(rand: () => number, shape: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1) * (1 - rand()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(rand);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rand();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Each customer: λ ~ Gamma(r, α), dropout p ~ Beta(a, b); Poisson purchases at rate λ, dropping out after each with p. */
export function simulateCustomers(rand: () => number, { r, alpha, a, b }: BgnbdParams, count: number, ages: [number, number]): PurchaseHistory[] {
  const out: PurchaseHistory[] = [];
  for (let i = 0; i < count; i++) {
    const lambda = gammaSample(rand, r) / alpha;
    const ga = gammaSample(rand, a);
    const p = ga / (ga + gammaSample(rand, b));
    const T = ages[0] + rand() * (ages[1] - ages[0]);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > T) break;
      x++;
      tx = t;
      if (rand() < p) break;
    }
    // Whole days, as orders are counted (on distinct days), so identical histories group as they do in a real fit.
    const day = (w: number) => Math.round(w * 7) / 7;
    out.push({ x, tx: day(tx), T: day(T) });
  }
  return out;
}

/** The mean of x transaction values z ~ Gamma(p, ν), with each customer's ν ~ Gamma(q, γ). */
export function simulateSpend(rand: () => number, { p, q, gamma }: SpendParams, x: number): number {
  const nu = gammaSample(rand, q) / gamma;
  let sum = 0;
  for (let i = 0; i < x; i++) sum += gammaSample(rand, p) / nu;
  return sum / x;
}
