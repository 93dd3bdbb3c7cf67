// The Gamma-Gamma spend model (Fader, Hardie & Lee, "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", JMR 2005; Fader & Hardie, "The Gamma-Gamma Model of Monetary Value", 2013): fit and expected spend.
import { maximizeLogLikelihood } from './maximize-likelihood.ts';
import { gammaln } from './special.ts';

export interface SpendParams {
  p: number;
  q: number;
  gamma: number;
}

/** x repeat transactions with mean value m (> 0). */
export interface SpendHistory {
  x: number;
  m: number;
}

export function spendLogLikelihood({ p, q, gamma }: SpendParams, customers: readonly SpendHistory[]): number {
  let sum = 0;
  for (const { x, m } of customers) {
    sum += gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + x * m);
  }
  return sum;
}

/**
 * `spendLogLikelihood` as one function of the parameters for the optimiser: the log-gammas are computed once per
 * distinct x, and the sums of x·log m, log m and x·log x once for all; per customer only log(γ + x·m) remains.
 */
export function preparedSpendLogLikelihood(customers: readonly SpendHistory[]): (params: SpendParams) => number {
  const counts = new Map<number, number>();
  let sumXLogM = 0;
  let sumLogM = 0;
  let sumXLogX = 0;
  for (const { x, m } of customers) {
    counts.set(x, (counts.get(x) ?? 0) + 1);
    sumXLogM += x * Math.log(m);
    sumLogM += Math.log(m);
    sumXLogX += x * Math.log(x);
  }
  const perX = [...counts];
  const xs = Float64Array.from(customers, (c) => c.x);
  const ms = Float64Array.from(customers, (c) => c.m);
  return ({ p, q, gamma }) => {
    let sum = p * sumXLogM - sumLogM + p * sumXLogX;
    for (const [x, n] of perX) sum += n * (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(gamma));
    for (let i = 0; i < xs.length; i++) sum -= (p * xs[i]! + q) * Math.log(gamma + xs[i]! * ms[i]!);
    return sum;
  };
}

/** In any order the same customers give the same fit (as `fitBgnbd`). */
export function fitGammaGamma(customers: readonly SpendHistory[]): { params: SpendParams; logLikelihood: number } {
  const sorted = [...customers].sort((u, v) => u.x - v.x || u.m - v.m);
  const likelihood = preparedSpendLogLikelihood(sorted);
  const toParams = (v: number[]): SpendParams => ({ p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) });
  const meanM = sorted.reduce((s, c) => s + c.m, 0) / customers.length;
  const best = maximizeLogLikelihood((v) => likelihood(toParams(v)), customers.length, [Math.log(2), Math.log(3), Math.log(Math.max(meanM, 1))]);
  const params = toParams(best);
  return { params, logLikelihood: likelihood(params) };
}

/** E[M | p, q, γ, m_x, x]: a weighted mean of the population mean and the customer's own mean (x = 0: the population's). */
export function expectedSpend({ p, q, gamma }: SpendParams, { x, m }: SpendHistory): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
