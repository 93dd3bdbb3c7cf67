// Claims the deliveries that may go now: due, on an active subscription, and first in line for their order key.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';

/** A claim holds a delivery this long; if its process dies, the delivery is due again afterwards. */
export const CLAIM_LEASE_MS = 2 * 60_000;

export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  eventId: number;
  body: string;
  attempts: number;
}

/**
 * Order per conversation: a delivery waits while an earlier one (lower seq) with the same order key is still pending
 * for that subscription, including one claimed or waiting for its retry. Leasing by moving `next_attempt_at` keeps
 * the claimed head pending, so its followers stay blocked until it is delivered or given up. `skipSubscriptions` are
 * those already holding their share of this process's slots.
 */
export async function claimDeliveries(db: Db, now: Date, limit: number, skipSubscriptions: readonly string[] = []): Promise<ClaimedDelivery[]> {
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`update webhook_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz, last_attempt_at = ${now.toISOString()}::timestamptz
      where d.id in (
        select h.id from webhook_deliveries h
        join webhook_subscriptions s on s.id = h.subscription_id and s.active
        where h.status = 'pending' and h.next_attempt_at <= ${now.toISOString()}::timestamptz
          and not (h.subscription_id = any(${sqlArray(skipSubscriptions, 'uuid')}))
          and (h.order_key is null or not exists (
            select 1 from webhook_deliveries e
            where e.subscription_id = h.subscription_id and e.order_key = h.order_key and e.status = 'pending' and e.seq < h.seq))
        order by h.seq
        limit ${limit}
        for update of h skip locked)
      returning d.id, d.subscription_id, d.event_id, d.body, d.attempts`),
  );
  return rows.map((r) => ({ id: String(r.id), subscriptionId: String(r.subscription_id), eventId: Number(r.event_id), body: String(r.body), attempts: Number(r.attempts) }));
}
