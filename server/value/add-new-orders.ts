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
      )
    update contact_value v set
      orders = v.orders + agg.n, total_spent = round(v.total_spent + agg.total, 2),
      aov = case when v.orders + agg.n > 0 then round((v.total_spent + agg.total) / (v.orders + agg.n), 2) else 0 end,
      first_order_at = least(v.first_order_at, agg.first_at), last_order_at = greatest(v.last_order_at, agg.last_at),
      categories = case when cats.cats is null then v.categories else array(select distinct c from unnest(v.categories || cats.cats) c order by c) end,
      updated_at = ${tsParam(now)},
      rfm_r = case when v.orders + agg.n = 0 then null else v.rfm_r end,
      rfm_f = case when v.orders + agg.n = 0 then null else v.rfm_f end,
      rfm_m = case when v.orders + agg.n = 0 then null else v.rfm_m end,
      rfm_segment = case when v.orders + agg.n = 0 then null else v.rfm_segment end
    from agg left join cats on cats.contact_id = agg.contact_id
    where v.contact_id = agg.contact_id and not exists (select 1 from currency_rates where rate <> trunc(rate))
    returning v.contact_id`),
  );
  return new Set(rows.map((r) => r.contact_id));
}
