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
  /** When a failing subscription is disabled (the operator's ULAK_WEBHOOK_DISABLE_*; DEFAULT_DISABLE_POLICY otherwise). */
  disable?: WebhookDisablePolicy;
  /** How many deliveries one replay of a time range may queue (REPLAY_LIMIT unless a test sets fewer). */
  replayLimit?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A subscription is disabled after `failures` failed attempts in a row, once the streak has lasted `afterMs`: a receiver
 * down for a few minutes fails one attempt per waiting conversation at once, and must be ridden out by the retries.
 */
export interface WebhookDisablePolicy {
  failures: number;
  afterMs: number;
}
export const DEFAULT_DISABLE_POLICY: WebhookDisablePolicy = { failures: 50, afterMs: 60 * 60_000 };
/** A subscription whose every attempt has failed for this long is disabled, however few attempts that was. */
export const FAILING_PERIOD_MS = 24 * 60 * 60_000;
