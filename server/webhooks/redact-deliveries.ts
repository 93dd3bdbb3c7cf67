// GDPR erasure reaches the webhook log: every delivery about an erased contact is rebuilt from what the erasure left
// (no name, identities, attributes or message text), so no retry or replay sends what was erased.
import { and, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../db/client.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { STORED_EVENT_COLUMNS, toStoredEvent } from '../events/read-events.ts';
import { buildPayloads } from './build-payloads.ts';
import { webhookEventFor } from './event-catalog.ts';

const CHUNK = 2_000;

/**
 * Inside the erasure's transaction, after the contact's data is gone: returns how many delivery bodies were rebuilt.
 * `contactIds` is the erased contact and every contact merged into it, whose own events' deliveries are about them.
 */
export async function redactDeliveriesAbout(tx: Tx, contactIds: readonly string[], conversationIds: readonly string[]): Promise<number> {
  const subscriptions = (await tx.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions)).map((s) => s.id);
  if (!subscriptions.length) return 0;
  // Deliveries are ordered by the conversation, or for contact events the contact, they are about (indexed).
  const orderKeys = [...contactIds.map((id) => `contact:${id}`), ...conversationIds.map((id) => `conversation:${id}`)];
  const found = await tx
    .selectDistinct({ eventId: webhookDeliveries.eventId })
    .from(webhookDeliveries)
    .where(and(inArray(webhookDeliveries.subscriptionId, subscriptions), inArray(webhookDeliveries.orderKey, orderKeys)));
  let rebuilt = 0;
  for (let i = 0; i < found.length; i += CHUNK) {
    const eventIds = found.slice(i, i + CHUNK).map((f) => f.eventId);
    const events = rowsOf<Record<string, unknown>>(
      await tx.execute(sql`select ${STORED_EVENT_COLUMNS}
        from domain_events where id = any(${sqlArray(eventIds, 'bigint')})`),
    ).map(toStoredEvent);
    const mapped = events.flatMap((event) => {
      const hook = webhookEventFor(event);
      return hook ? [{ event, type: hook.type }] : [];
    });
    const bodies = await buildPayloads(tx, mapped);
    const ids = [...bodies.keys()];
    const updated = await tx.execute(sql`
      update webhook_deliveries d set body = v.body
      from unnest(${sqlArray(ids, 'bigint')}, ${sqlArray(
        ids.map((id) => bodies.get(id)!),
        'text',
      )}) as v(event_id, body)
      where d.event_id = v.event_id and d.subscription_id = any(${sqlArray(subscriptions, 'uuid')})
      returning d.id`);
    rebuilt += rowsOf(updated).length;
  }
  return rebuilt;
}
