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

export function fitGammaGamma(customers: readonly SpendHistory[]): { params: SpendParams; logLikelihood: number } {
  const toParams = (v: number[]): SpendParams => ({ p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) });
  const meanM = customers.reduce((s, c) => s + c.m, 0) / customers.length;
  const best = maximizeLogLikelihood((v) => spendLogLikelihood(toParams(v), customers), customers.length, [Math.log(2), Math.log(3), Math.log(Math.max(meanM, 1))]);
  const params = toParams(best);
  return { params, logLikelihood: spendLogLikelihood(params, customers) };
}

/** E[M | p, q, γ, m_x, x]: a weighted mean of the population mean and the customer's own mean (x = 0: the population's). */
export function expectedSpend({ p, q, gamma }: SpendParams, { x, m }: SpendHistory): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
