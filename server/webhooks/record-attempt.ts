// Writes an attempt's outcome: the delivery's log fields and next try, and the subscription's failure streak.
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema/index.ts';
import { transact } from '../events/record-event.ts';
import type { AttemptResult } from './attempt-delivery.ts';
import type { ClaimedDelivery } from './claim-deliveries.ts';
import { disableSubscription } from './disable-subscription.ts';
import { nextAttemptAfter } from './retry-schedule.ts';
import { FAILING_PERIOD_MS, type WebhookDisablePolicy } from './webhook-deps.ts';

/** "90 minutes", "28 hours". */
const spoken = (ms: number) => (ms < 2 * 3_600_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 3_600_000)} hours`);

export async function recordAttempt(database: Database, delivery: ClaimedDelivery, result: AttemptResult, now: Date, disable: WebhookDisablePolicy): Promise<void> {
  await transact(database, async (tx) => {
    const log = { responseStatus: result.status, responseMs: result.ms, lastError: result.error, lastAttemptAt: now };
    // Still the attempt this worker claimed: a replay meanwhile (attempts back to 0) stands, to be sent again.
    const claimed = and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, delivery.attempts));
    if (result.ok) {
      await tx
        .update(webhookDeliveries)
        .set({ ...log, status: 'delivered', deliveredAt: now })
        .where(claimed);
      await tx.update(webhookSubscriptions).set({ consecutiveFailures: 0, failingSince: null }).where(eq(webhookSubscriptions.id, delivery.subscriptionId));
      return;
    }
    const next = nextAttemptAfter(delivery.attempts, now);
    await tx
      .update(webhookDeliveries)
      .set({ ...log, ...(next ? { nextAttemptAt: next } : { status: 'failed' }) })
      .where(claimed);
    const [sub] = await tx
      .update(webhookSubscriptions)
      .set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1`, failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookSubscriptions.id, delivery.subscriptionId))
      .returning({ failures: webhookSubscriptions.consecutiveFailures, since: webhookSubscriptions.failingSince });
    if (!sub) return;
    const failingFor = now.getTime() - (sub.since ?? now).getTime();
    if (sub.failures >= disable.failures && failingFor >= disable.afterMs) {
      await disableSubscription(tx, delivery.subscriptionId, `${sub.failures} deliveries in a row failed over ${spoken(failingFor)}; the last: ${result.error}`, now);
    } else if (failingFor >= FAILING_PERIOD_MS) {
      await disableSubscription(tx, delivery.subscriptionId, `every delivery has failed for ${spoken(failingFor)}; the last: ${result.error}`, now);
    }
  });
}
