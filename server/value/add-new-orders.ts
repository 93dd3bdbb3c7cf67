// Figures that grow with new orders: the new orders' counts, totals, dates and categories added to the contact's figures.
import { sql } from 'drizzle-orm';
import { rowsOf, tsParam, type Tx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { countedAmount } from './counted-amount.ts';

/**
 * Adds orders just inserted to their contacts' stored figures, so an import batch costs its own orders rather than
 * every customer's history again (at 1,000,000 orders a recompute per batch re-read most of the table). Returns the
 * contacts done; the caller recomputes the rest with recomputeContactValue. The caller passes only contacts whose
 * sole change is these new orders (no order updated, refunded or moved away).
 *
 * Adding is exactly the recompute only while every counted amount is whole cents: the recompute rounds the sum once,
 * so with a fractional rate the rounded old total plus the new amounts could differ from the rounded whole. Then, and
 * for a contact with no figures yet, nothing is added here and the contact is left to the recompute.
 */
export async function addNewOrdersToValue(tx: Tx, orderIds: string[], now: Date): Promise<Set<string>> {
  if (!orderIds.length) return new Set();
  const rows = rowsOf<{ contact_id: string }>(
    await tx.execute(sql`with added as (
        select o.contact_id, o.placed_at, o.items, o.status = 'paid' as paid, ${countedAmount('o', 'r')} as amount
        from orders o left join currency_rates r on r.currency = o.currency
        where o.id = any(${sqlArray(orderIds, 'uuid')})
      ),
      agg as (
        select contact_id, (count(*) filter (where paid))::int as n, coalesce(sum(amount) filter (where paid), 0) as total,
          min(placed_at) filter (where paid) as first_at, max(placed_at) filter (where paid) as last_at
        from added group by contact_id
      ),
      cats as (
        select contact_id, array_agg(distinct cat) as cats
        from (select contact_id, jsonb_array_elements(items)->>'category' as cat from added where paid) x
        where cat is not null group by contact_id
      ),
      next as (
        select v.contact_id, v.orders + agg.n as n, round(v.total_spent + agg.total, 2) as total, agg.first_at, agg.last_at, cats.cats
        from agg join contact_value v on v.contact_id = agg.contact_id left join cats on cats.contact_id = agg.contact_id
        where not exists (select 1 from currency_rates where rate <> trunc(rate))
      )
    update contact_value v set
      orders = next.n, total_spent = next.total, aov = case when next.n > 0 then round(next.total / next.n, 2) else 0 end,
      first_order_at = least(v.first_order_at, next.first_at), last_order_at = greatest(v.last_order_at, next.last_at),
      categories = case when next.cats is null then v.categories else array(select distinct c from unnest(v.categories || next.cats) c order by c) end,
      updated_at = ${tsParam(now)},
      rfm_r = case when next.n = 0 then null else v.rfm_r end,
      rfm_f = case when next.n = 0 then null else v.rfm_f end,
      rfm_m = case when next.n = 0 then null else v.rfm_m end,
      rfm_segment = case when next.n = 0 then null else v.rfm_segment end
    from next where v.contact_id = next.contact_id
    returning v.contact_id`),
  );
  return new Set(rows.map((r) => r.contact_id));
}
