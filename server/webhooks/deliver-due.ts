// Sends every delivery that is due now, one in flight per order key, as a pump: a slot freed by one delivery is
// filled at once, so a receiver that answers slowly (or not, until the timeout) holds only its own slots, and a
// conversation's next event goes as soon as the one before it is delivered rather than on the next pass.
import { inArray } from 'drizzle-orm';
import { webhookSubscriptions } from '../db/schema/index.ts';
import { attemptSigned } from './attempt-delivery.ts';
import { claimDeliveries, type ClaimedDelivery } from './claim-deliveries.ts';
import { recordAttempt } from './record-attempt.ts';
import { DEFAULT_DISABLE_POLICY, DEFAULT_TIMEOUT_MS, type WebhookDeps } from './webhook-deps.ts';
import { webhookIdFor } from './sign-delivery.ts';

export interface DeliverResult {
  attempted: number;
  delivered: number;
}

/** Deliveries one process has on the wire at once, and how many of them one subscription may hold. */
export const DELIVERY_SLOTS = 20;
export const SLOTS_PER_SUBSCRIPTION = 5;
/** While deliveries are on the wire, how often newly due ones are looked for. */
const LOOK_AGAIN_MS = 250;

/**
 * Returns once nothing is on the wire and nothing more is due. A delivery whose outcome could not be recorded (the
 * database away) keeps its claim until the lease ends and is sent again then; the first such error is thrown here,
 * after the others have ended.
 */
export async function deliverDue(deps: WebhookDeps, slots = DELIVERY_SLOTS): Promise<DeliverResult> {
  const result: DeliverResult = { attempted: 0, delivered: 0 };
  const onTheWire = new Map<Promise<void>, string>();
  let failure: { error: unknown } | undefined;
  const send = async (delivery: ClaimedDelivery, sub: typeof webhookSubscriptions.$inferSelect | undefined) => {
    if (!sub) return;
    const outcome = await attemptSigned(sub, { webhookId: webhookIdFor(delivery.eventId), body: delivery.body }, deps.secretKey, deps.now(), deps.egress, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    await recordAttempt(deps.database, delivery, outcome, deps.now(), deps.disable ?? DEFAULT_DISABLE_POLICY);
    result.attempted++;
    if (outcome.ok) result.delivered++;
  };
  for (;;) {
    while (onTheWire.size < slots) {
      const held = new Map<string, number>();
      for (const subscriptionId of onTheWire.values()) held.set(subscriptionId, (held.get(subscriptionId) ?? 0) + 1);
      const full = [...held].filter(([, n]) => n >= SLOTS_PER_SUBSCRIPTION).map(([id]) => id);
      const limit = Math.min(SLOTS_PER_SUBSCRIPTION, slots - onTheWire.size);
      // Claimed deliveries never share an order key, so they may go out together.
      const claimed = await claimDeliveries(deps.database.db, deps.now(), limit, full);
      if (!claimed.length) break;
      const ids = [...new Set(claimed.map((d) => d.subscriptionId))];
      const subs = new Map((await deps.database.db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids))).map((s) => [s.id, s]));
      for (const delivery of claimed) {
        const sending: Promise<void> = send(delivery, subs.get(delivery.subscriptionId))
          .catch((error: unknown) => void (failure ??= { error }))
          .finally(() => onTheWire.delete(sending));
        onTheWire.set(sending, delivery.subscriptionId);
      }
      if (claimed.length < limit) break;
    }
    if (!onTheWire.size) {
      if (failure) throw failure.error;
      return result;
    }
    // One ends (its conversation's next event may go now), or newly due ones are looked for.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([...onTheWire.keys(), new Promise((resolve) => (timer = setTimeout(resolve, LOOK_AGAIN_MS)))]);
    clearTimeout(timer);
  }
}
