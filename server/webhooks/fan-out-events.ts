// Reads new domain events through the gap-free cursor and creates their deliveries in the same transaction as the
// cursor moves, so a crash either keeps both or neither: nothing is skipped and nothing doubled.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { webhookCursor, webhookSubscriptions } from '../db/schema/index.ts';
import { currentEventCursor, readEventsAfter } from '../events/read-events.ts';
import { createDeliveries } from './create-deliveries.ts';
import type { WebhookDeps } from './webhook-deps.ts';

export interface FanOutResult {
  events: number;
  deliveries: number;
}

export async function fanOutEvents(deps: Pick<WebhookDeps, 'database' | 'now'>, batch = 500): Promise<FanOutResult> {
  const total: FanOutResult = { events: 0, deliveries: 0 };
  for (;;) {
    const r = await deps.database.db.transaction((tx) => fanOutBatch(tx, deps.now(), batch));
    total.events += r.events;
    total.deliveries += r.deliveries;
    if (r.events < batch) return total;
  }
}

async function fanOutBatch(tx: Tx, now: Date, limit: number): Promise<FanOutResult> {
  // The first fan-out starts at "now": events from before webhooks were used are history, not news.
  let [cursor] = await tx.select().from(webhookCursor).where(eq(webhookCursor.id, 1)).for('update');
  if (!cursor) {
    const start = await currentEventCursor(tx);
    await tx.insert(webhookCursor).values({ id: 1, txid: start.txid, eventId: start.id }).onConflictDoNothing();
    // Taking turns across processes: whoever inserted first, everyone now locks the same row.
    [cursor] = await tx.select().from(webhookCursor).where(eq(webhookCursor.id, 1)).for('update');
  }
  const subscriptions = await tx
    .select({ id: webhookSubscriptions.id, events: webhookSubscriptions.events, fromTxid: webhookSubscriptions.fromTxid })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.active, true));
  if (!subscriptions.length) {
    // Nobody subscribed: nothing to deliver, so the cursor moves without reading the events (a subscription created or
    // enabled later starts from its own moment anyway).
    const now = await currentEventCursor(tx);
    if (BigInt(now.txid) > BigInt(cursor!.txid)) await tx.update(webhookCursor).set({ txid: now.txid, eventId: now.id }).where(eq(webhookCursor.id, 1));
    return { events: 0, deliveries: 0 };
  }
  const events = await readEventsAfter(tx, { txid: cursor!.txid, id: cursor!.eventId }, limit);
  if (!events.length) return { events: 0, deliveries: 0 };
  const deliveries = await createDeliveries(tx, events, subscriptions, now);
  const last = events.at(-1)!;
  await tx.update(webhookCursor).set({ txid: last.txid, eventId: last.id, updatedAt: now }).where(eq(webhookCursor.id, 1));
  return { events: events.length, deliveries };
}
