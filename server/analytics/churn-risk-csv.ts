// The churn-risk list as a spreadsheet, one contact a row.
import { toCsv } from '../lib/to-csv.ts';
import type { ValueContact } from './value-contacts.ts';

export function churnRiskCsv(items: readonly ValueContact[], currency: string): string {
  return toCsv([
    ['contact_id', 'name', 'identity', 'last_order_at', 'orders', `total_spent_${currency}`, 'p_alive', `predicted_12m_${currency}`, 'at_risk_since'],
    ...items.map((c) => [
      c.id,
      c.name,
      c.identity?.value,
      c.lastOrderAt?.toISOString(),
      c.orders,
      c.totalSpent,
      c.pAlive === null ? null : c.pAlive.toFixed(4),
      c.predicted12m,
      c.churnRiskSince?.toISOString(),
    ]),
  ]);
}
