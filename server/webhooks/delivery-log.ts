// The delivery log of one subscription, newest first, paged by a (created at, seq) keyset: one fan-out writes many rows at one instant.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { webhookDeliveries, type WebhookDeliveryStatus } from '../db/schema/index.ts';
import { encodeCursor } from '../http/cursor.ts';
import { webhookIdFor } from './sign-delivery.ts';

export interface DeliveryQuery {
  status?: WebhookDeliveryStatus;
  before?: Date;
  /** The `seq` of the last row of the previous page (its `nextCursor`). */
  afterSeq?: number;
  limit: number;
}

export async function listDeliveries(db: Db, subscriptionId: string, query: DeliveryQuery) {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        query.before ? lt(webhookDeliveries.createdAt, query.before) : undefined,
        // The row's own stored time, not a millisecond copy of it: Postgres keeps microseconds.
        query.afterSeq === undefined
          ? undefined
          : sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.seq}) < (select d.created_at, d.seq from webhook_deliveries d where d.seq = ${query.afterSeq})`,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.seq))
    .limit(query.limit + 1);
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    eventId: r.eventId,
    webhookId: webhookIdFor(r.eventId),
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    responseStatus: r.responseStatus,
    responseMs: r.responseMs,
    lastError: r.lastError,
    lastAttemptAt: r.lastAttemptAt,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt : null,
    deliveredAt: r.deliveredAt,
    createdAt: r.createdAt,
  }));
  return { items, nextCursor: last ? encodeCursor([last.seq]) : null };
}
