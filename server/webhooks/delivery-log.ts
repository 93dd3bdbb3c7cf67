// The delivery log of one subscription, newest first, paged by a created-at cursor.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { webhookDeliveries, type WebhookDeliveryStatus } from '../db/schema/index.ts';
import { webhookIdFor } from './sign-delivery.ts';

export interface DeliveryQuery {
  status?: WebhookDeliveryStatus;
  before?: Date;
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
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.seq))
    .limit(query.limit);
  return rows.map((r) => ({
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
}
