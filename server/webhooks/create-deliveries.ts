// Turns domain events into delivery rows for the subscriptions that want them; unique on (subscription, event).
import type { Db } from '../db/client.ts';
import { webhookDeliveries } from '../db/schema/index.ts';
import type { StoredEvent } from '../events/read-events.ts';
import { buildPayloads } from './build-payloads.ts';
import { webhookEventFor } from './event-catalog.ts';

export interface TargetSubscription {
  id: string;
  events: string[];
  /** Events from transactions before the subscription are skipped: subscribing (or replaying) never sends the past. */
  fromTxid: string;
}

/** Inserts the missing deliveries and returns how many were new; an existing (subscription, event) row is left alone. */
export async function createDeliveries(db: Db, events: StoredEvent[], subscriptions: TargetSubscription[], now: Date): Promise<number> {
  if (!subscriptions.length) return 0;
  const mapped = events.flatMap((event) => {
    const hook = webhookEventFor(event);
    return hook ? [{ event, ...hook }] : [];
  });
  const rows = mapped.flatMap((m) =>
    subscriptions
      .filter((s) => s.events.includes(m.type) && BigInt(m.event.txid) >= BigInt(s.fromTxid))
      .map((s) => ({ subscriptionId: s.id, eventId: m.event.id, eventType: m.type, orderKey: m.orderKey })),
  );
  if (!rows.length) return 0;
  const wanted = new Set(rows.map((r) => r.eventId));
  const bodies = await buildPayloads(
    db,
    mapped.filter((m) => wanted.has(m.event.id)),
  );
  // Rows go in event order, so `seq` (the order deliveries leave in) follows the events.
  const inserted = await db
    .insert(webhookDeliveries)
    .values(rows.map((r) => ({ ...r, body: bodies.get(r.eventId)!, nextAttemptAt: now })))
    .onConflictDoNothing({ target: [webhookDeliveries.subscriptionId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id });
  return inserted.length;
}
