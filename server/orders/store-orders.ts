// Writes a batch of resolved orders in one statement, idempotent on (source, externalId), and refreshes the figures.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf, tsParam } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import type { OrderItem, OrderStatus } from '../db/schema/index.ts';
import { addNewOrdersToValue } from '../value/add-new-orders.ts';
import { recomputeContactValue } from '../value/recompute-contact-value.ts';

export interface ResolvedOrder {
  source: string;
  externalId: string;
  contactId: string;
  placedAt: Date;
  currency: string;
  total: string;
  status: OrderStatus;
  items: OrderItem[];
  /** Refunds known at the source by their id; merged with those already stored, never replacing them. */
  refunds?: Record<string, string>;
}

export interface StoreResult {
  created: number;
  updated: number;
  /** Every contact whose figures changed: the orders' customers, and a previous customer of a re-assigned order. */
  contactIds: string[];
}

// Most orders carry no refund: the empty case skips the per-row subquery (about a tenth of a batch's insert).
const refundSum = (refunds: unknown) => sql`(case when ${refunds} = '{}'::jsonb then 0 else (select coalesce(sum(value::numeric), 0) from jsonb_each_text(${refunds})) end)`;

/** Callers pass each (source, externalId) once: Postgres cannot update one row twice in a statement. */
export async function storeOrders(tx: Tx, batch: ResolvedOrder[], now: Date): Promise<StoreResult> {
  if (!batch.length) return { created: 0, updated: 0, contactIds: [] };
  const previous = rowsOf<{ contact_id: string }>(
    await tx.execute(sql`select distinct contact_id from orders where (source, external_id) in
      (select * from unnest(${sqlArray(
        batch.map((o) => o.source),
        'text',
      )}, ${sqlArray(
        batch.map((o) => o.externalId),
        'text',
      )}))`),
  );
  // One statement over parallel arrays: a 2,000-order batch binds its values once, with no per-row SQL to build.
  // New orders get time-ordered ids (UUIDv7), so the primary key grows at its end instead of touching a random page of
  // a large index per order: about 9% of a 1,000,000-order import (an update keeps the order's id).
  const text = (pick: (o: ResolvedOrder) => string) => sqlArray(batch.map(pick), 'text');
  const written = rowsOf<{ id: string; contact_id: string; inserted: boolean }>(
    await tx.execute(sql`insert into orders (id, source, external_id, contact_id, placed_at, currency, total, status, items, refunds, refunded, created_at, updated_at)
      select s.id, s.source, s.external_id, s.contact_id, s.placed_at, s.currency, s.total, s.status, s.items, s.refunds, ${refundSum(sql`s.refunds`)}, ${tsParam(now)}, ${tsParam(now)}
      from unnest(${sqlArray(
        batch.map(() => Bun.randomUUIDv7()),
        'uuid',
      )}, ${text((o) => o.source)}, ${text((o) => o.externalId)}, ${sqlArray(
        batch.map((o) => o.contactId),
        'uuid',
      )}, ${sqlArray(
        batch.map((o) => o.placedAt),
        'timestamptz',
      )}, ${text((o) => o.currency)}, ${text((o) => o.total)}::numeric[], ${text((o) => o.status)},
        ${text((o) => JSON.stringify(o.items))}::jsonb[], ${text((o) => JSON.stringify(o.refunds ?? {}))}::jsonb[])
        as s(id, source, external_id, contact_id, placed_at, currency, total, status, items, refunds)
      on conflict (source, external_id) do update set
        contact_id = excluded.contact_id, placed_at = excluded.placed_at, currency = excluded.currency, total = excluded.total,
        status = excluded.status, items = excluded.items, refunds = orders.refunds || excluded.refunds,
        refunded = ${refundSum(sql`orders.refunds || excluded.refunds`)}, updated_at = excluded.updated_at
      returning id, contact_id, xmax = 0 as inserted`),
  ).map((r) => ({ id: r.id, contactId: r.contact_id, inserted: r.inserted }));
  const inserted = written.filter((w) => w.inserted);
  const contactIds = [...new Set([...written.map((w) => w.contactId), ...previous.map((p) => p.contact_id)])];
  // A contact whose only change is new orders has them added to its figures; any other change is recomputed in full.
  const changed = new Set([...written.filter((w) => !w.inserted).map((w) => w.contactId), ...previous.map((p) => p.contact_id)]);
  const added = await addNewOrdersToValue(
    tx,
    inserted.filter((w) => !changed.has(w.contactId)).map((w) => w.id),
    now,
  );
  await recomputeContactValue(
    tx,
    contactIds.filter((id) => !added.has(id)),
    now,
  );
  await recordOrdersPlaced(
    tx,
    inserted.map((w) => w.id),
    now,
  );
  return { created: inserted.length, updated: written.length - inserted.length, contactIds };
}

/**
 * `order.placed` for each new order that is paid or pending (a resend updates, never places again), oldest first,
 * with its place among the contact's orders (`nth`, 1 = first order; at the same instant, an order stored earlier counts first) and its total in the workspace currency
 * (`amount`; null while the currency has no rate) for the trigger's filters; `recordedAt` is the app clock's now.
 */
async function recordOrdersPlaced(tx: Tx, orderIds: string[], now: Date): Promise<void> {
  if (!orderIds.length) return;
  // nth counts the contact's paid and pending orders up to this instant through the (contact_id, placed_at) index,
  // less this batch's orders at the same instant stored after it (a larger id): the same place as counting each by rule.
  await tx.execute(sql`with placed as (
      select o.*, count(*) over same_instant - row_number() over (same_instant order by o.id) as later_at_same_instant
      from orders o where o.id = any(${sqlArray(orderIds, 'uuid')}) and o.status in ('paid', 'pending')
      window same_instant as (partition by o.contact_id, o.placed_at)
    )
    insert into domain_events (type, contact_id, payload)
    select 'order.placed', o.contact_id, jsonb_build_object(
      'recordedAt', ${now.toISOString()}::text, 'orderId', o.id, 'source', o.source, 'externalId', o.external_id, 'placedAt', o.placed_at, 'currency', o.currency, 'total', o.total::text,
      'amount', (round(o.total * case when o.currency = ws.currency then 1 else r.rate end, 2))::text,
      'nth', (select count(*) from orders p where p.contact_id = o.contact_id and p.placed_at <= o.placed_at and p.status in ('paid', 'pending')) - o.later_at_same_instant)
    from placed o cross join (select currency from workspaces where id = 1) ws left join currency_rates r on r.currency = o.currency
    order by o.placed_at, o.id`);
}
