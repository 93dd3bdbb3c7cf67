// Sends deliveries again: one by id, or every event in a time range (including ones missed while the subscription was off).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { webhookDeliveries } from '../db/schema/index.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import { STORED_EVENT_COLUMNS, toStoredEvent, type StoredEvent } from '../events/read-events.ts';
import { createDeliveries, type TargetSubscription } from './create-deliveries.ts';
import { domainTypesFor } from './event-catalog.ts';
import { getSubscription } from './subscriptions.ts';
import type { WebhookDeps } from './webhook-deps.ts';

/** One replay queues at most this many deliveries; a longer range is refused whole, to be replayed in parts with `until`. */
export const REPLAY_LIMIT = 100_000;
/** Events read (and deliveries created) per statement while a range is replayed. */
const PAGE = 5_000;

interface Range {
  since: Date;
  /** Exclusive; unset, no end. */
  until?: Date;
}

/**
 * A replayed delivery keeps its webhook-id (the event id), so a receiver that already has it drops it; its attempt
 * count restarts so it gets the full retry schedule again. A range covers the events of the types the subscription
 * wants now, from `since` up to `until`, each sent once more, or for the first time if it was missed.
 */
export async function replayDeliveries(deps: Pick<WebhookDeps, 'database' | 'now' | 'replayLimit'>, subscriptionId: string, input: { deliveryId?: string } & Partial<Range>) {
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
    const range = { since: input.since!, until: input.until };
    // By the clock the events are stamped with (the database's), with a minute's grace for a caller's clock running ahead.
    const [when] = rowsOf<{ future: boolean }>(await tx.execute(sql`select ${range.since.toISOString()}::timestamptz > now() + interval '1 minute' as future`));
    if (when!.future) throw invalidField('since', 'since: must not be in the future (nothing has happened there yet)');
    const target = { id: sub.id, events: sub.events, fromTxid: sub.fromTxid };
    const inRange = eventsInRange(range, target);
    const limit = deps.replayLimit ?? REPLAY_LIMIT;
    const [counted] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (select 1 from domain_events where ${inRange} limit ${limit + 1}) e`));
    if (counted!.n > limit) {
      throw new AppError(
        422,
        'replay_too_large',
        `More than ${limit.toLocaleString('en')} events to send from ${range.since.toISOString()}${range.until ? ` until ${range.until.toISOString()}` : ''}, the most one replay queues: replay the range in parts with until (nothing was queued)`,
      );
    }
    // Events in the range that never got a delivery (the subscription was off at the time) get one now.
    let created = 0;
    for (let after: StoredEvent | undefined; ;) {
      const page = await readPage(tx, inRange, after);
      created += await createDeliveries(tx, page, [target], now);
      if (page.length < PAGE) break;
      after = page.at(-1);
    }
    const replayed = await tx
      .update(webhookDeliveries)
      .set(again)
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, subscriptionId),
          sql`${webhookDeliveries.status} <> 'pending'`,
          // Of the types it wants now: one domain event type can give two (a contact update, or a merge).
          inArray(webhookDeliveries.eventType, sub.events),
          sql`${webhookDeliveries.eventId} in (select id from domain_events where ${inRange})`,
        ),
      )
      .returning({ id: webhookDeliveries.id });
    await resequence(tx, subscriptionId, inRange);
    return { replayed: replayed.length, created };
  });
}

/**
 * Puts the range's deliveries back in the order their events happened: a delivery created now for an event missed
 * while the subscription was off would otherwise go after the range's later deliveries, which kept their place.
 * They take fresh places at the end of the line, in event order.
 */
async function resequence(tx: Db, subscriptionId: string, inRange: ReturnType<typeof eventsInRange>): Promise<void> {
  const ids = rowsOf<{ id: string }>(
    await tx.execute(sql`select d.id from webhook_deliveries d join domain_events e on e.id = d.event_id
      where d.subscription_id = ${subscriptionId} and d.status = 'pending' and ${sql`e.id in (select id from domain_events where ${inRange})`}
      order by e.txid, e.id`),
  ).map((r) => r.id);
  if (!ids.length) return;
  const seqs = rowsOf<{ seq: string }>(await tx.execute(sql`select nextval(pg_get_serial_sequence('webhook_deliveries', 'seq'))::text as seq from generate_series(1, ${ids.length})`))
    .map((r) => BigInt(r.seq))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await tx.execute(sql`update webhook_deliveries d set seq = v.seq
    from unnest(${sqlArray(ids, 'uuid')}, ${sqlArray(seqs, 'bigint')}) as v(id, seq) where d.id = v.id`);
}

/** The domain events of a range a subscription may want: its types now, from transactions since it was made. */
function eventsInRange({ since, until }: Range, target: TargetSubscription) {
  return sql`type = any(${sqlArray(domainTypesFor(target.events), 'text')})
    and created_at >= ${since.toISOString()}::timestamptz ${until ? sql`and created_at < ${until.toISOString()}::timestamptz` : sql``}
    and txid >= ${target.fromTxid}::xid8`;
}

async function readPage(tx: Db, inRange: ReturnType<typeof eventsInRange>, after: StoredEvent | undefined): Promise<StoredEvent[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`select ${STORED_EVENT_COLUMNS}
      from domain_events where ${inRange} ${after ? sql`and (txid, id) > (${after.txid}::xid8, ${after.id})` : sql``}
      order by txid, id limit ${PAGE}`),
  );
  return rows.map(toStoredEvent);
}
