// When a failed delivery is tried again: exponential backoff spread over a little more than a day, then it gives up.

/** Wait after the n-th failed attempt (index n-1); 8 attempts span about 27.6 hours. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;

/** The time of the next attempt after `attempts` failures, or undefined when the delivery has run out of attempts. */
export function nextAttemptAfter(attempts: number, failedAt: Date): Date | undefined {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? undefined : new Date(failedAt.getTime() + delay);
}

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
