// One attempt of one delivery: sign, POST through the SSRF-checked fetch with a timeout, and report what happened.
import { EgressError, safeFetch, type EgressPolicy } from '../egress/index.ts';
import { signatureHeaders } from './sign-delivery.ts';

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
