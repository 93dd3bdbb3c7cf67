// Outbound webhooks: subscriptions (secrets sealed), one delivery row per subscription and event, and the fan-out cursor.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../../webhooks/delivery-statuses.ts';
import { at, createdAt, id, timestamps } from './columns.ts';

const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export interface OlderSecret {
  secret: string;
  until: string;
}

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: id(),
  url: text().notNull(),
  events: text().array().notNull(),
  description: text(),
  /** The `whsec_…` signing secret, sealed with ULAK_SECRET_KEY. */
  secret: text().notNull(),
  /** Rotated-out secrets (sealed), each signing beside the current one until its `until` (ISO time); expired ones are dropped at the next rotation. */
  olderSecrets: jsonb().$type<OlderSecret[]>().notNull().default([]),
  active: boolean().notNull().default(true),
  disabledReason: text(),
  disabledAt: at(),
  consecutiveFailures: integer().notNull().default(0),
  /** Set by the first failure after a success; a subscription failing for a day is disabled. */
  failingSince: at(),
  /** Events from transactions before this one are not delivered: subscribing does not replay the past. */
  fromTxid: xid8()
    .notNull()
    .default(sql`pg_current_xact_id()`),
  ...timestamps,
});

export { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus };

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    /** Creation order: deliveries sharing an order key go out in this order. */
    seq: bigserial({ mode: 'number' }).notNull(),
    subscriptionId: uuid()
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' }).notNull(),
    eventType: text().notNull(),
    /** The conversation (or contact) whose deliveries must arrive in order; null when order does not matter. */
    orderKey: text(),
    /** The exact JSON body, fixed when the delivery is created so every retry and replay sends the same bytes. */
    body: text().notNull(),
    status: text().$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: smallint().notNull().default(0),
    nextAttemptAt: at().notNull().defaultNow(),
    responseStatus: integer(),
    responseMs: integer(),
    lastError: text(),
    lastAttemptAt: at(),
    deliveredAt: at(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index().on(t.subscriptionId, t.orderKey, t.seq),
    index().on(t.subscriptionId, t.createdAt),
  ],
);

/** One row: how far the fan-out has read the domain events (a gap-free (txid, id) cursor). */
export const webhookCursor = pgTable('webhook_cursor', {
  id: smallint().primaryKey().default(1),
  txid: xid8().notNull(),
  eventId: bigint({ mode: 'number' }).notNull().default(0),
  updatedAt: timestamps.updatedAt,
});
