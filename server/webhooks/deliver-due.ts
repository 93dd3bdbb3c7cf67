// Sends every delivery that is due now, batch after batch, one in flight per order key.
import { inArray } from 'drizzle-orm';
import { webhookSubscriptions } from '../db/schema/index.ts';
import { attemptSigned } from './attempt-delivery.ts';
import { claimDeliveries } from './claim-deliveries.ts';
import { recordAttempt } from './record-attempt.ts';
import { DEFAULT_DISABLE_POLICY, DEFAULT_TIMEOUT_MS, type WebhookDeps } from './webhook-deps.ts';
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
        const outcome = await attemptSigned(sub, { webhookId: webhookIdFor(delivery.eventId), body: delivery.body }, deps.secretKey, deps.now(), deps.egress, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        await recordAttempt(deps.database, delivery, outcome, deps.now(), deps.disable ?? DEFAULT_DISABLE_POLICY);
        result.attempted++;
        if (outcome.ok) result.delivered++;
      }),
    );
    // A short batch means nothing else is due now; a delivery unblocked by this batch waits for the next tick.
    if (claimed.length < batch) return result;
  }
}
