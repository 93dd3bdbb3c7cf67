// Special functions for the purchase models: log-gamma from stdlib, and the Gaussian hypergeometric 2F1 by its series.
import gammaln from '@stdlib/math-base-special-gammaln';

export { gammaln };

export const betaln = (a: number, b: number) => gammaln(a) + gammaln(b) - gammaln(a + b);

/**
 * 2F1(a, b; c; z) for 0 ≤ z < 1 by its power series, the case BG/NBD needs (z = t / (α + T + t) < 1). Terms are
 * summed until they stop changing the sum; the series converges geometrically with ratio about z.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z < 0 || z >= 1) throw new RangeError('hyp2f1 is only summed for 0 ≤ z < 1');
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum;
  }
  return sum;
}
