// The BG/NBD purchase model (Fader, Hardie & Lee, "Counting Your Customers the Easy Way", Marketing Science 2005):
// likelihood (eq. 6), maximum-likelihood fit, P(alive) (eq. 13) and expected purchases (eq. 9 and 10).
import { maximizeLogLikelihood } from './maximize-likelihood.ts';
import { betaln, gammaln, hyp2f1 } from './special.ts';

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer: x repeat purchases, the last at t_x, observed for T (all in weeks since the first purchase). */
export interface PurchaseHistory {
  x: number;
  tx: number;
  T: number;
}

const logAddExp = (u: number, v: number) => (u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v)));

export function customerLogLikelihood({ r, alpha, a, b }: BgnbdParams, { x, tx, T }: PurchaseHistory): number {
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = betaln(a, b + x) - betaln(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return a1 + a2 + logAddExp(a3, a4);
}

export function logLikelihood(params: BgnbdParams, customers: readonly PurchaseHistory[]): number {
  let sum = 0;
  for (const c of customers) sum += customerLogLikelihood(params, c);
  return sum;
}

/**
 * Maximum likelihood over log-parameters (so all four stay positive), by `maximizeLogLikelihood`.
 * Identical histories are weighted once, which makes a fit over a million orders cost little more than over a thousand.
 */
export function fitBgnbd(customers: readonly PurchaseHistory[]): { params: BgnbdParams; logLikelihood: number } {
  const groups = new Map<string, { c: PurchaseHistory; n: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { c, n: 1 });
  }
  const weighted = [...groups.values()];
  const toParams = (v: number[]): BgnbdParams => ({ r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) });
  const weightedLogLikelihood = (v: number[]) => {
    const p = toParams(v);
    let sum = 0;
    for (const g of weighted) sum += g.n * customerLogLikelihood(p, g.c);
    return sum;
  };
  const meanT = customers.reduce((s, c) => s + c.T, 0) / customers.length;
  const best = maximizeLogLikelihood(weightedLogLikelihood, customers.length, [Math.log(0.5), Math.log(Math.max(meanT / 4, 0.5)), Math.log(0.7), Math.log(2)]);
  const params = toParams(best);
  return { params, logLikelihood: logLikelihood(params, customers) };
}

/** P(alive | x, t_x, T), eq. (13). */
export function probabilityAlive({ r, alpha, a, b }: BgnbdParams, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** E[X(t)] for a customer picked at random, eq. (9). */
export function expectedPurchases({ r, alpha, a, b }: BgnbdParams, t: number): number {
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t weeks for a customer with this history, eq. (10). */
export function conditionalExpectedPurchases({ r, alpha, a, b }: BgnbdParams, { x, tx, T }: PurchaseHistory, t: number): number {
  const head = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)));
  const tail = x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0;
  return head / (1 + tail);
}
