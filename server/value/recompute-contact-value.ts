// Lifetime figures per contact (orders, total spent, AOV, first and last order, categories), recomputed from its orders.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { tsParam } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { countedAmount } from './counted-amount.ts';

/**
 * Rewrites the figures of these contacts (or of every contact with orders or figures) in one statement, so it can run
 * in the transaction that changed their orders. Only paid orders count, each net of its refunds; a refunded or
 * cancelled order no longer counts at all. Amounts are totalled in the workspace currency through `currency_rates`;
 * an order in a currency with no rate still counts as an order but adds nothing to the total until a rate is set.
 * All arithmetic is numeric in Postgres: no amount passes through a float.
 */
export async function recomputeContactValue(tx: DbOrTx, contactIds: string[] | 'all', now: Date): Promise<void> {
  if (contactIds !== 'all' && !contactIds.length) return;
  const all = contactIds === 'all';
  const ids = all ? sql`select contact_id as id from orders union select contact_id from contact_value` : sql`select distinct unnest(${sqlArray(contactIds, 'uuid')}) as id`;
  // A few contacts: each one's orders through the (contact_id, placed_at) index. As a plain join, a plan made while
  // the orders table was small (an import's first minutes, before ANALYZE) read the whole table for every batch.
  // `offset 0` keeps the lateral a loop the planner cannot turn back into that join.
  const orders = all ? sql`orders o join ids on ids.id = o.contact_id` : sql`ids cross join lateral (select * from orders o where o.contact_id = ids.id and o.status = 'paid' offset 0) o`;
  await tx.execute(sql`with ids as (${ids}),
    counted as (
      select o.contact_id, o.placed_at, o.items,
        ${countedAmount('o', 'r')} as amount
      from ${orders} left join currency_rates r on r.currency = o.currency
      where o.status = 'paid'
    ),
    agg as (
      select contact_id, count(*)::int as n, coalesce(round(sum(amount), 2), 0) as total, min(placed_at) as first_at, max(placed_at) as last_at
      from counted group by contact_id
    ),
    cats as (
      select contact_id, array_agg(distinct cat order by cat) as cats
      from (select contact_id, jsonb_array_elements(items)->>'category' as cat from counted) x
      where cat is not null group by contact_id
    )
    insert into contact_value (contact_id, orders, total_spent, aov, first_order_at, last_order_at, categories, updated_at)
    select ids.id, coalesce(agg.n, 0), coalesce(agg.total, 0), case when agg.n > 0 then round(agg.total / agg.n, 2) else 0 end,
      agg.first_at, agg.last_at, coalesce(cats.cats, '{}'::text[]), ${tsParam(now)}
    from ids join contacts c on c.id = ids.id left join agg on agg.contact_id = ids.id left join cats on cats.contact_id = ids.id
    on conflict (contact_id) do update set
      orders = excluded.orders, total_spent = excluded.total_spent, aov = excluded.aov,
      first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
      categories = excluded.categories, updated_at = excluded.updated_at,
      -- A contact left with no counted order has no RFM cell until the next workspace pass says otherwise.
      rfm_r = case when excluded.orders = 0 then null else contact_value.rfm_r end,
      rfm_f = case when excluded.orders = 0 then null else contact_value.rfm_f end,
      rfm_m = case when excluded.orders = 0 then null else contact_value.rfm_m end,
      rfm_segment = case when excluded.orders = 0 then null else contact_value.rfm_segment end`);
}
