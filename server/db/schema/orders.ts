// Customer value: orders and tracked events from shops and apps, shop integrations, and the figures derived from them.
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, importProgressColumns, timestamps } from './columns.ts';
import { contacts } from './contacts.ts';

export const ORDER_STATUSES = ['paid', 'refunded', 'cancelled', 'pending'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  sku?: string;
  name?: string;
  category?: string;
  quantity: number;
  /** A decimal string: amounts never pass through a float. */
  unitPrice: string;
}

/** Exact money: numeric(14,2), read and written as decimal strings. */
const money = () => numeric({ precision: 14, scale: 2 });

export const orders = pgTable(
  'orders',
  {
    id: id(),
    /** Where the order came from (`api` by default, `shopify:<integration>` …); externalId is unique within it. */
    source: text().notNull(),
    externalId: text().notNull(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    placedAt: at().notNull(),
    currency: text().notNull(),
    total: money().notNull(),
    /** Refunds by their id at the source (a resent refund is one refund), summed in `refunded`. */
    refunds: jsonb().$type<Record<string, string>>().notNull().default({}),
    refunded: money().notNull().default('0'),
    status: text().$type<OrderStatus>().notNull(),
    items: jsonb().$type<OrderItem[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.source, t.externalId), index().on(t.contactId, t.placedAt)],
);

export const customerEvents = pgTable(
  'customer_events',
  {
    id: id(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: at().notNull(),
    createdAt: createdAt(),
  },
  // The second index serves the trigger editor's newest-first property samples of one event name.
  (t) => [index().on(t.contactId, t.name, t.occurredAt), index().on(t.name, t.occurredAt)],
);

export const INTEGRATION_KINDS = ['shopify', 'woocommerce'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/** A shop sending order webhooks; its signing secret is sealed like channel secrets. */
export const integrations = pgTable('integrations', {
  id: id(),
  kind: text().$type<IntegrationKind>().notNull(),
  name: text().notNull(),
  sealedSecret: text().notNull(),
  ...timestamps,
});

/** Webhook deliveries already stored, so a platform's retry of the same delivery is a no-op. */
export const integrationDeliveries = pgTable(
  'integration_deliveries',
  {
    integrationId: uuid()
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    deliveryId: text().notNull(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.deliveryId] })],
);

/** Units of the workspace currency for one unit of `currency`, kept by an admin. */
export const currencyRates = pgTable('currency_rates', {
  currency: text().primaryKey(),
  rate: numeric({ precision: 18, scale: 8 }).notNull(),
  updatedAt: at().notNull().defaultNow(),
});

/** Derived figures per contact: lifetime totals recomputed with its orders, RFM by the workspace-wide pass. */
export const contactValue = pgTable(
  'contact_value',
  {
    contactId: uuid()
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    orders: integer().notNull().default(0),
    totalSpent: money().notNull().default('0'),
    aov: money().notNull().default('0'),
    firstOrderAt: at(),
    lastOrderAt: at(),
    categories: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    rfmR: smallint(),
    rfmF: smallint(),
    rfmM: smallint(),
    rfmSegment: text(),
    rfmAt: at(),
    /** BG/NBD: probability the customer is still active, and expected purchases in the next 90 days. */
    clvPAlive: doublePrecision(),
    clvExpected90d: doublePrecision(),
    /** Expected purchases in the next 52 weeks × Gamma-Gamma expected spend, in the workspace currency. */
    clvPredicted12m: money(),
    clvAt: at(),
    /** Churn risk (see server/value/churn-risk.ts): set by the workspace fit pass; `since` is when the contact entered it. */
    churnRisk: boolean().notNull().default(false),
    churnRiskSince: at(),
    updatedAt: at().notNull().defaultNow(),
  },
  (t) => [index().on(t.rfmSegment), index().on(t.totalSpent), index().on(t.lastOrderAt), index().on(t.churnRisk)],
);

export interface ClvFitResult {
  model: 'bgnbd';
  unit: 'week';
  params: { r: number; alpha: number; a: number; b: number };
  logLikelihood: number;
  customers: number;
  spend: { p: number; q: number; gamma: number } | null;
  asOf: string;
}

/** Model fits of the workspace's purchases (the latest is the one in use); kept to compare fits over time. */
export const clvFits = pgTable(
  'clv_fits',
  {
    id: id(),
    asOf: date({ mode: 'string' }).notNull(),
    fit: jsonb().$type<ClvFitResult>().notNull(),
    fittedAt: at().notNull().defaultNow(),
  },
  (t) => [index().on(t.fittedAt)],
);

/** A server-side CSV import of orders: progress and the report of rejected rows (GET /api/orders/imports/:id). */
export const orderImports = pgTable('order_imports', { ...importProgressColumns(), updated: integer().notNull().default(0) });
