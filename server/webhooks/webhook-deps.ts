// What the webhook room needs from the process: the database, the key secrets are sealed with, the egress policy, a clock.
import type { Database } from '../db/client.ts';
import type { EgressPolicy } from '../egress/index.ts';

export interface WebhookDeps {
  database: Database;
  secretKey: Buffer;
  egress: EgressPolicy;
  /** Scheduling time (backoff, overlap, disabling); tests move it instead of sleeping. */
  now(): Date;
  /** How long a receiver may take to answer before the attempt counts as failed. */
  timeoutMs?: number;
  /** Consecutive failed attempts, over at least MIN_FAILING_PERIOD_MS, after which a subscription is disabled. */
  maxConsecutiveFailures?: number;
  /** How many deliveries one replay of a time range may queue (REPLAY_LIMIT unless a test sets fewer). */
  replayLimit?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 50;
/**
 * A streak of failed attempts disables a subscription only once it has lasted this long: a receiver down for a few
 * minutes fails one attempt per waiting conversation at once, and must be ridden out by the retries, not disabled.
 */
export const MIN_FAILING_PERIOD_MS = 60 * 60_000;
/** A subscription whose every attempt has failed for this long is disabled, however few attempts that was. */
export const FAILING_PERIOD_MS = 24 * 60 * 60_000;
