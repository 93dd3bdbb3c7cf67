// A contact merge (and its undo) carries the orders and tracked events along, and re-totals both contacts' figures.
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { customerEvents, orders, type MovedOrders } from '../db/schema/index.ts';
import { recomputeContactValue } from '../value/recompute-contact-value.ts';

export type { MovedOrders };

export async function moveOrders(tx: Tx, fromId: string, intoId: string, now: Date): Promise<MovedOrders> {
  const moved = await tx.update(orders).set({ contactId: intoId }).where(eq(orders.contactId, fromId)).returning({ id: orders.id });
  const events = await tx.update(customerEvents).set({ contactId: intoId }).where(eq(customerEvents.contactId, fromId)).returning({ id: customerEvents.id });
  await recomputeContactValue(tx, [intoId], now);
  return { orderIds: moved.map((o) => o.id), eventIds: events.map((e) => e.id) };
}

/** Undo: what the source contact brought goes back to it (snapshots from before this feature have none). */
export async function moveOrdersBack(tx: Tx, moved: Partial<MovedOrders>, fromId: string, intoId: string, now: Date): Promise<void> {
  if (moved.orderIds?.length) await tx.update(orders).set({ contactId: fromId }).where(inArray(orders.id, moved.orderIds));
  if (moved.eventIds?.length) await tx.update(customerEvents).set({ contactId: fromId }).where(inArray(customerEvents.id, moved.eventIds));
  await recomputeContactValue(tx, [intoId, fromId], now);
}
