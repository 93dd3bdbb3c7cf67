// Types for the parts of `fmin` (Nelder–Mead by Ben Frederickson) that the model fits use.
declare module 'fmin' {
  export interface MinimizeResult {
    x: number[];
    fx: number;
  }
  export function nelderMead(
    f: (x: number[]) => number,
    x0: number[],
    parameters?: { maxIterations?: number; minErrorDelta?: number; minTolerance?: number; nonZeroDelta?: number; zeroDelta?: number },
  ): MinimizeResult;
}
