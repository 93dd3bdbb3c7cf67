// The one optimiser set-up both purchase-model fits use: Nelder–Mead from fmin over log-parameters, with restarts.
import { nelderMead } from 'fmin';

/**
 * Every parameter stays within e^±20 (2·10⁻⁹ to 4.9·10⁸). Along a ridge the likelihood keeps rising slowly toward
 * infinity (Gamma-Gamma's p → ∞, γ → 0 when customers' spends barely vary from one purchase to the next), and far out
 * the log-gammas are differences of numbers near 10³⁰⁰: rounding then reads as a log-likelihood of 10²⁹², and the
 * simplex chased that to a spend model whose mean was 10³² (found when a value pass overflowed the money column).
 * Inside the box the ridge's figures that matter (the mean spend p·γ/(q − 1)) have long settled.
 */
export const LOG_PARAM_BOUND = 20;

/**
 * The log-parameters that maximise `logLikelihood` (a sum over `count` customers), starting at `start`. Working in
 * logs keeps every parameter positive; the mean rather than the sum keeps the simplex's tolerances independent of
 * the number of customers. Nelder–Mead is restarted from its own answer until the likelihood stops improving: one
 * simplex run can stall on a flat ridge (BG/NBD's between a and b).
 */
export function maximizeLogLikelihood(logLikelihood: (logParams: number[]) => number, count: number, start: number[]): number[] {
  const objective = (v: number[]) => {
    if (v.some((p) => Math.abs(p) > LOG_PARAM_BOUND)) return 1e12;
    const ll = logLikelihood(v);
    return Number.isFinite(ll) ? -ll / count : 1e12;
  };
  let from = start;
  let best = { x: start, fx: objective(start) };
  for (let round = 0; round < 8; round++) {
    const next = nelderMead(objective, from, { maxIterations: 2_000, nonZeroDelta: 1.3, zeroDelta: 0.25, minErrorDelta: 1e-10 });
    const improved = best.fx - next.fx;
    if (next.fx < best.fx) best = { x: [...next.x], fx: next.fx };
    if (improved < 1e-9) break;
    from = [...best.x];
  }
  return best.x;
}
