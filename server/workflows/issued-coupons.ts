// The coupons a workflow's runs were issued (kept in each run's context), newest first.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';

export interface IssuedCoupon {
  code: string;
  amount: number;
  expiresAt: string;
  contactId: string;
  contactName: string | null;
  issuedAt: string;
  runStatus: string;
}

export async function issuedCoupons(db: Db, workflowId: string): Promise<IssuedCoupon[]> {
  const rows = rowsOf<{ coupon: { code: string; amount: number; expiresAt: string }; contact_id: string; name: string | null; started_at: string | Date; status: string }>(
    await db.execute(sql`
      select r.context->'vars'->'coupon' as coupon, r.contact_id, k.name, r.started_at, r.status
      from workflow_runs r left join contacts k on k.id = r.contact_id
      where r.workflow_id = ${workflowId}::uuid and r.context->'vars'->'coupon' is not null
      order by r.started_at desc, r.id`),
  );
  return rows.map((r) => ({
    code: r.coupon.code,
    amount: r.coupon.amount,
    expiresAt: r.coupon.expiresAt,
    contactId: r.contact_id,
    contactName: r.name,
    issuedAt: new Date(r.started_at).toISOString(),
    runStatus: r.status,
  }));
}
