// The one optimiser set-up both purchase-model fits use: Nelder–Mead from fmin over log-parameters, with restarts.
import { nelderMead } from 'fmin';

/**
 * The log-parameters that maximise `logLikelihood` (a sum over `count` customers), starting at `start`. Working in
 * logs keeps every parameter positive; the mean rather than the sum keeps the simplex's tolerances independent of
 * the number of customers. Nelder–Mead is restarted from its own answer until the likelihood stops improving: one
 * simplex run can stall on a flat ridge (BG/NBD's between a and b).
 */
export function maximizeLogLikelihood(logLikelihood: (logParams: number[]) => number, count: number, start: number[]): number[] {
  const objective = (v: number[]) => {
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
