// Sends deliveries again: one by id, or every event since a time (including ones missed while the subscription was off).
import { and, eq, gte, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { webhookDeliveries } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import { toStoredEvent, type StoredEvent } from '../events/read-events.ts';
import { createDeliveries } from './create-deliveries.ts';
import { getSubscription } from './subscriptions.ts';
import type { WebhookDeps } from './webhook-deps.ts';

/** A replay of a range is bounded so one request cannot queue millions of sends. */
export const REPLAY_LIMIT = 10_000;

/**
 * A replayed delivery keeps its webhook-id (the event id), so a receiver that already has it drops it; its attempt
 * count restarts so it gets the full retry schedule again.
 */
export async function replayDeliveries(deps: Pick<WebhookDeps, 'database' | 'now'>, subscriptionId: string, input: { deliveryId?: string; since?: Date }) {
  const sub = await getSubscription(deps, subscriptionId);
  const now = deps.now();
  const again = { status: 'pending' as const, attempts: 0, nextAttemptAt: now, deliveredAt: null };
  return deps.database.db.transaction(async (tx) => {
    if (input.deliveryId) {
      const rows = await tx
        .update(webhookDeliveries)
        .set(again)
        .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
        .returning({ id: webhookDeliveries.id });
      if (!rows.length) throw notFound('delivery');
      return { replayed: 1, created: 0 };
    }
    const since = input.since!;
    // Events in the range that never got a delivery (the subscription was off at the time) get one now.
    const events = await eventsSince(tx, since);
    const created = await createDeliveries(tx, events, [{ id: sub.id, events: sub.events, fromTxid: sub.fromTxid }], now);
    const rows = await tx
      .update(webhookDeliveries)
      .set(again)
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), gte(webhookDeliveries.createdAt, since), sql`${webhookDeliveries.status} <> 'pending'`))
      .returning({ id: webhookDeliveries.id });
    return { replayed: rows.length, created };
  });
}

async function eventsSince(tx: Parameters<typeof createDeliveries>[0], since: Date): Promise<StoredEvent[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select id, type, contact_id, conversation_id, message_id, caused_by_automation, payload, created_at, txid::text as txid
      from domain_events where created_at >= ${since.toISOString()}::timestamptz
      order by txid, id limit ${REPLAY_LIMIT}`),
  );
  return rows.map(toStoredEvent);
}
