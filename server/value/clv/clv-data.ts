// The purchase histories the models fit: per contact, paid orders up to a date, counted on distinct days.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import type { PurchaseHistory } from './bgnbd.ts';

export interface CustomerHistory extends PurchaseHistory {
  contactId: string;
  /** Mean value of the repeat days' spend in the workspace currency (0 when x = 0 or unpriced). */
  m: number;
}

const DAYS_PER_WEEK = 7;

/**
 * Days are the workspace's calendar days, each purchase counted at the end of its day as in Fader, Hardie and Lee's CDNOW
 * summary (a first purchase on 1997-01-01 with the calibration period ending 1997-09-30 has T = 272 days = 38.86 weeks):
 * x is the number of later days with a purchase, t_x the weeks from the first to the last, T the weeks from the first
 * to the end of `asOf`. Counted from the start of the first day instead, T was a day longer for every customer, and
 * the CDNOW sample fitted a = 0.814 and b = 2.477 where the paper publishes 0.793 and 2.426.
 * A day's spend is the sum of its orders net of refunds; the Gamma-Gamma model sees only repeat days, as in the paper.
 */
export async function loadHistories(db: DbOrTx, asOf: string): Promise<CustomerHistory[]> {
  const rows = rowsOf<{ contact_id: string; x: number | string; span: number | string; age: number | string; repeat_spend: string | null }>(
    await db.execute(sql`with ws as (select currency, time_zone from workspaces where id = 1),
      days as (
        select o.contact_id, (o.placed_at at time zone ws.time_zone)::date as day,
          sum(greatest(o.total - o.refunded, 0) * case when o.currency = ws.currency then 1 else r.rate end) as amount
        from orders o cross join ws left join currency_rates r on r.currency = o.currency
        where o.status = 'paid' and (o.placed_at at time zone ws.time_zone)::date <= ${asOf}::date
        group by 1, 2
      )
      select contact_id, count(*) - 1 as x, max(day) - min(day) as span, ${asOf}::date - min(day) as age,
        (coalesce(sum(amount), 0) - coalesce((array_agg(amount order by day))[1], 0))::text as repeat_spend
      from days group by contact_id`),
  );
  return rows.map((r) => {
    const x = Number(r.x);
    return { contactId: r.contact_id, x, tx: Number(r.span) / DAYS_PER_WEEK, T: Number(r.age) / DAYS_PER_WEEK, m: x > 0 ? Number(r.repeat_spend ?? 0) / x : 0 };
  });
}
