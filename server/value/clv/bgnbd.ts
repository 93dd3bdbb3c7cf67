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
 * The log-likelihood (eq. 6) of many customers as one function of the parameters, for the optimiser to call thousands
 * of times: identical histories are weighted once, the terms of x alone (log-gammas, log-betas) are computed once per
 * distinct x, and log(α + T), log(α + t_x) once per distinct value. Per history that leaves one exp and one log; the
 * sum equals `customerLogLikelihood` summed over the customers (checked by a test).
 */
export function preparedLogLikelihood(customers: readonly PurchaseHistory[]): (params: BgnbdParams) => number {
  const groups = new Map<string, { c: PurchaseHistory; n: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { c, n: 1 });
  }
  const distinct = (values: number[]) => [...new Set(values)];
  const list = [...groups.values()];
  const xs = distinct(list.map((g) => g.c.x));
  const Ts = distinct(list.map((g) => g.c.T));
  const txs = distinct(list.map((g) => g.c.tx));
  const indexOf = (values: number[]) => new Map(values.map((v, i) => [v, i]));
  const [xAt, TAt, txAt] = [indexOf(xs), indexOf(Ts), indexOf(txs)];
  const n = list.length;
  const weight = Float64Array.from(list, (g) => g.n);
  const xi = Int32Array.from(list, (g) => xAt.get(g.c.x)!);
  const Ti = Int32Array.from(list, (g) => TAt.get(g.c.T)!);
  const txi = Int32Array.from(list, (g) => txAt.get(g.c.tx)!);
  const ofX = new Float64Array(xs.length);
  const repeatTerm = new Float64Array(xs.length);
  const power = new Float64Array(xs.length);
  const logAlphaT = new Float64Array(Ts.length);
  const logAlphaTx = new Float64Array(txs.length);
  return ({ r, alpha, a, b }) => {
    const base = -gammaln(r) + r * Math.log(alpha) - betaln(a, b);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]!;
      ofX[k] = base + gammaln(r + x) + betaln(a, b + x);
      repeatTerm[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NaN;
      power[k] = r + x;
    }
    for (let j = 0; j < Ts.length; j++) logAlphaT[j] = Math.log(alpha + Ts[j]!);
    for (let j = 0; j < txs.length; j++) logAlphaTx[j] = Math.log(alpha + txs[j]!);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const k = xi[i]!;
      const a3 = -power[k]! * logAlphaT[Ti[i]!]!;
      const term = xs[k] === 0 ? a3 : logAddExp(a3, repeatTerm[k]! - power[k]! * logAlphaTx[txi[i]!]!);
      sum += weight[i]! * (ofX[k]! + term);
    }
    return sum;
  };
}

/**
 * Maximum likelihood over log-parameters (so all four stay positive), by `maximizeLogLikelihood`. The same customers
 * give the same fit in any order: the order of a sum changes its rounding, and the simplex's path with it.
 */
export function fitBgnbd(customers: readonly PurchaseHistory[]): { params: BgnbdParams; logLikelihood: number } {
  const sorted = [...customers].sort((u, v) => u.x - v.x || u.tx - v.tx || u.T - v.T);
  const likelihood = preparedLogLikelihood(sorted);
  const toParams = (v: number[]): BgnbdParams => ({ r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) });
  const meanT = sorted.reduce((s, c) => s + c.T, 0) / customers.length;
  const best = maximizeLogLikelihood((v) => likelihood(toParams(v)), customers.length, [Math.log(0.5), Math.log(Math.max(meanT / 4, 0.5)), Math.log(0.7), Math.log(2)]);
  const params = toParams(best);
  return { params, logLikelihood: likelihood(params) };
}

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
