// What an order counts for in the value figures and revenue attribution, in the workspace currency.
import { sql, type SQL } from 'drizzle-orm';

/**
 * The order's total net of its refunds, converted with the admin's rate (`currency_rates`, joined as `rate`); null
 * when its currency has no rate yet, so a sum leaves it out. Numeric in Postgres: no amount passes through a float.
 * Only paid orders count; the caller filters `status = 'paid'`.
 */
export function countedAmount(order: string, rate: string): SQL {
  const o = sql.raw(order);
  const r = sql.raw(rate);
  return sql`greatest(${o}.total - ${o}.refunded, 0) * (case when ${o}.currency = (select currency from workspaces where id = 1) then 1 else ${r}.rate end)`;
}
