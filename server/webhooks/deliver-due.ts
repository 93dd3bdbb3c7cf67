// Sends every delivery that is due now, batch after batch, one in flight per order key.
import { inArray } from 'drizzle-orm';
import { webhookSubscriptions } from '../db/schema/index.ts';
import { attemptDelivery, type AttemptResult } from './attempt-delivery.ts';
import { claimDeliveries, type ClaimedDelivery } from './claim-deliveries.ts';
import { recordAttempt } from './record-attempt.ts';
import { DEFAULT_DISABLE_POLICY, DEFAULT_TIMEOUT_MS, type WebhookDeps } from './webhook-deps.ts';
import { signingSecrets } from './webhook-secret.ts';
import { webhookIdFor } from './sign-delivery.ts';

export interface DeliverResult {
  attempted: number;
  delivered: number;
}

export async function deliverDue(deps: WebhookDeps, batch = 20): Promise<DeliverResult> {
  const result: DeliverResult = { attempted: 0, delivered: 0 };
  for (;;) {
    const claimed = await claimDeliveries(deps.database.db, deps.now(), batch);
    if (!claimed.length) return result;
    const ids = [...new Set(claimed.map((d) => d.subscriptionId))];
    const subs = new Map((await deps.database.db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids))).map((s) => [s.id, s]));
    // Claimed deliveries never share an order key, so they may go out together.
    await Promise.all(
      claimed.map(async (delivery) => {
        const sub = subs.get(delivery.subscriptionId);
        if (!sub) return;
        const outcome = await attemptSigned(deps, sub, delivery);
        await recordAttempt(deps.database, delivery, outcome, deps.now(), deps.disable ?? DEFAULT_DISABLE_POLICY);
        result.attempted++;
        if (outcome.ok) result.delivered++;
      }),
    );
    // A short batch means nothing else is due now; a delivery unblocked by this batch waits for the next tick.
    if (claimed.length < batch) return result;
  }
}

/**
 * One attempt, whatever goes wrong before the request: a secret that no longer opens (ULAK_SECRET_KEY changed) is a
 * failed attempt like any other, so the delivery follows its retries to `failed` and counts toward disabling, rather
 * than being claimed again every two minutes, unrecorded, forever.
 */
async function attemptSigned(deps: WebhookDeps, sub: typeof webhookSubscriptions.$inferSelect, delivery: ClaimedDelivery): Promise<AttemptResult> {
  let secrets: string[];
  try {
    secrets = signingSecrets(deps.secretKey, sub, deps.now());
  } catch (error) {
    return { ok: false, status: null, ms: 0, error: `the delivery could not be signed: ${(error as Error)?.message ?? String(error)}` };
  }
  return attemptDelivery({ url: sub.url, secrets, webhookId: webhookIdFor(delivery.eventId), body: delivery.body }, deps.egress, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}
