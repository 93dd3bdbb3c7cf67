// Test clocks: time that the test decides, never the hour at which CI happens to run.

/**
 * A clock that runs at real speed but reads as a fixed time of day (default 10:00 UTC, 13:00 in Istanbul),
 * for tests whose workers need time to pass (campaign throttles, retries) yet must never meet quiet hours.
 */
export function daytimeClock(startIso = '2026-06-15T10:00:00Z'): () => Date {
  const offset = Date.parse(startIso) - Date.now();
  return () => new Date(Date.now() + offset);
}
