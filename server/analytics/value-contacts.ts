// Pages of buyers with their value figures: the contacts of an RFM cell, and those at churn risk.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { bestIdentity } from '../../connectors/channel-kinds.ts';
import { identitiesOf } from '../contacts/identities-of.ts';

export interface ValueContact {
  id: string;
  name: string | null;
  /** The identity a person recognises (phone, then email, …), for contacts without a name and for exports. */
  identity: { kind: string; value: string } | null;
  orders: number;
  totalSpent: string;
  lastOrderAt: Date | null;
  rfm: { r: number; f: number; m: number; segment: string } | null;
  pAlive: number | null;
  predicted12m: string | null;
  churnRiskSince: Date | null;
}

interface Row {
  id: string;
  name: string | null;
  orders: number;
  total_spent: string;
  last_order_at: string | Date | null;
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  rfm_segment: string | null;
  p_alive: number | null;
  predicted: string | null;
  risk_since: string | Date | null;
  total: number;
}

const date = (value: string | Date | null) => (value === null ? null : new Date(value));

/** The highest spenders first among the contacts `where` picks (a condition on `v`, the contact_value row), with the full count. */
export async function valueContacts(db: Db, where: SQL, limit: number): Promise<{ total: number; items: ValueContact[] }> {
  const rows = rowsOf<Row>(
    await db.execute(sql`select c.id, c.name, v.orders, v.total_spent::text as total_spent, v.last_order_at, v.rfm_r, v.rfm_f, v.rfm_m, v.rfm_segment,
        v.clv_p_alive as p_alive, v.clv_predicted12m::text as predicted, v.churn_risk_since as risk_since, count(*) over ()::int as total
      from contact_value v join contacts c on c.id = v.contact_id
      where ${where}
      order by v.total_spent desc, c.id
      limit ${limit}`),
  );
  const identities = await identitiesOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      identity: bestIdentity(identities.get(r.id)) ?? null,
      orders: Number(r.orders),
      totalSpent: r.total_spent,
      lastOrderAt: date(r.last_order_at),
      rfm: r.rfm_segment === null ? null : { r: Number(r.rfm_r), f: Number(r.rfm_f), m: Number(r.rfm_m), segment: r.rfm_segment },
      pAlive: r.p_alive === null ? null : Number(r.p_alive),
      predicted12m: r.predicted,
      churnRiskSince: date(r.risk_since),
    })),
  };
}

/** The contacts of one RFM cell. */
export const rfmCellContacts = (db: Db, r: number, f: number, limit: number) => valueContacts(db, sql`v.rfm_r = ${r} and v.rfm_f = ${f} and v.rfm_segment is not null`, limit);

/** The contacts at churn risk now. */
export const churnRiskContacts = (db: Db, limit: number) => valueContacts(db, sql`v.churn_risk`, limit);
