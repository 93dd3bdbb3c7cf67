// One attempt of one delivery: sign, POST through the SSRF-checked fetch with a timeout, and report what happened.
import { EgressError, safeFetch, type EgressPolicy } from '../egress/index.ts';
import { signatureHeaders } from './sign-delivery.ts';
import { signingSecrets, type SecretColumns } from './webhook-secret.ts';

export interface AttemptResult {
  ok: boolean;
  /** The receiver's HTTP status; null when no answer came. */
  status: number | null;
  ms: number;
  error: string | null;
}

export interface AttemptInput {
  url: string;
  secrets: string[];
  /** The `webhook-id` header: `evt_<event id>` for an event's delivery (webhookIdFor). */
  webhookId: string;
  body: string;
}

/**
 * The signature timestamp is the real time of sending, not the scheduling clock: receivers compare it with their
 * own clock to refuse replayed requests, so it must be when the request actually leaves.
 */
export async function attemptDelivery(input: AttemptInput, egress: EgressPolicy, timeoutMs: number): Promise<AttemptResult> {
  const headers = { 'content-type': 'application/json', 'user-agent': 'Ulak-Webhooks/1', ...signatureHeaders(input.secrets, input.webhookId, new Date(), input.body) };
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await safeFetch(input.url, { method: 'POST', headers, body: input.body, signal }, egress);
    // The answer's body is not needed; reading it would let a slow receiver hold the worker past its timeout.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, ms: elapsed(), error: ok ? null : `receiver answered ${response.status}` };
  } catch (error) {
    if (signal.aborted) return { ok: false, status: null, ms: elapsed(), error: `no answer within ${timeoutMs} ms` };
    return { ok: false, status: null, ms: elapsed(), error: error instanceof EgressError ? error.message : 'request failed' };
  }
}

/**
 * One attempt to a subscription's URL with the secrets that sign now, whatever goes wrong before the request: a secret
 * that no longer opens (ULAK_SECRET_KEY changed) is a failed attempt like any other, so a delivery follows its retries
 * to `failed` and counts toward disabling, rather than being claimed again every two minutes, unrecorded, forever.
 */
export async function attemptSigned(
  sub: SecretColumns & { url: string },
  message: { webhookId: string; body: string },
  key: Buffer,
  now: Date,
  egress: EgressPolicy,
  timeoutMs: number,
): Promise<AttemptResult> {
  let secrets: string[];
  try {
    secrets = signingSecrets(key, sub, now);
  } catch (error) {
    return { ok: false, status: null, ms: 0, error: `the delivery could not be signed: ${(error as Error)?.message ?? String(error)}` };
  }
  return attemptDelivery({ url: sub.url, secrets, ...message }, egress, timeoutMs);
}
