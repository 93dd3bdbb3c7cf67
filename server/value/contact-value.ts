// A contact's value figures as the profile and the API show them, read in one query.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contactValue, workspaces } from '../db/schema/index.ts';

export async function readContactValue(db: Db, contactId: string) {
  const [row] = await db.select({ v: contactValue, currency: workspaces.currency }).from(workspaces).leftJoin(contactValue, eq(contactValue.contactId, contactId)).where(eq(workspaces.id, 1));
  const v = row?.v;
  return {
    currency: row?.currency ?? 'TRY',
    orders: v?.orders ?? 0,
    totalSpent: v?.totalSpent ?? '0.00',
    aov: v?.aov ?? '0.00',
    firstOrderAt: v?.firstOrderAt ?? null,
    lastOrderAt: v?.lastOrderAt ?? null,
    categories: v?.categories ?? [],
    rfm: v?.rfmSegment ? { r: v.rfmR, f: v.rfmF, m: v.rfmM, segment: v.rfmSegment, at: v.rfmAt } : null,
    churnRisk: v?.churnRisk ?? false,
    churnRiskSince: v?.churnRiskSince ?? null,
    clv: v?.clvAt && v.clvPAlive !== null ? { pAlive: v.clvPAlive, expected90d: v.clvExpected90d, predicted12m: v.clvPredicted12m, at: v.clvAt } : null,
  };
}
