// Orders and tracked customer events in (batch, idempotent), and a contact's orders out.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { contacts, orders } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { CURSOR_SHAPES, decodeCursor, encodeCursor } from '../http/cursor.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { tsParam } from '../db/client.ts';
import {
  eventProperties,
  eventRow,
  importOrders,
  MAX_ROWS_PER_CALL,
  orderRow,
  PROPERTY_SAMPLE,
  ORDER_CSV_FIELDS,
  orderColumnMapping,
  orderImportProgress,
  startOrderCsvImport,
  trackEvents,
} from '../orders/index.ts';
import { readCsvForm } from '../contacts/read-csv-upload.ts';
import { parse } from '../http/route.ts';
import { TRACKED_EVENT_NAME, TRACKED_EVENT_NAME_RULE } from '../../workflows/model.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'orders', '/api');

/** Rows are checked one by one (a bad row is rejected in words, the rest go in), so the body takes any row; the OpenAPI document still shows a row's shape. */
function rowShaped(row: z.ZodType) {
  const { $schema: _, ...shape } = z.toJSONSchema(row, { io: 'input', unrepresentable: 'any' });
  return z.unknown().meta(shape);
}
const ordersBody = z.object({ orders: z.array(rowShaped(orderRow)).min(1).max(MAX_ROWS_PER_CALL) });
const eventsBody = z.object({ events: z.array(rowShaped(eventRow)).min(1).max(MAX_ROWS_PER_CALL) });

route(
  {
    method: 'post',
    path: '/orders',
    summary: `Add or update up to ${MAX_ROWS_PER_CALL} orders, idempotent on (source, externalId); each bad row is rejected in words and the rest stored`,
    access: ['marketer'],
    body: ordersBody,
  },
  async (c, { body }) => {
    const services = c.get('services');
    const result = await importOrders(services.database, body.orders, { region: services.workspace.defaultRegion, now: services.now() });
    services.valueChanged();
    return { created: result.created, updated: result.updated, rejected: result.rejected };
  },
);

route(
  {
    method: 'post',
    path: '/orders/import',
    access: ['marketer'],
    fileField: 'file',
    formFields: { mapping: `JSON of CSV column → ${ORDER_CSV_FIELDS.join('|')}, e.g. {"Sipariş No":"externalId","E-posta":"email","Tarih":"placedAt","Para birimi":"currency","Tutar":"total"}` },
    summary: `Import orders from a CSV file (multipart field "file", with "mapping": JSON of CSV column → one of ${ORDER_CSV_FIELDS.join(', ')}); consecutive rows with one externalId are one order's items. Answers 202 { id } and imports server-side, idempotent on (source, externalId); progress and rejected rows at GET /api/orders/imports/:id`,
  },
  async (c) => {
    const services = c.get('services');
    const { file, mapping } = await readCsvForm(c, '{"Sipariş No":"externalId","E-posta":"email","Tarih":"placedAt","Para birimi":"currency","Tutar":"total"}', (json) =>
      parse(orderColumnMapping, json, 'mapping'),
    );
    const started = await startOrderCsvImport(
      { database: services.database, log: services.log, region: services.workspace.defaultRegion, now: services.now, onStored: () => services.valueChanged() },
      file,
      mapping,
    );
    return c.json({ id: started.id }, 202);
  },
);

route(
  {
    method: 'get',
    path: '/orders/imports/:id',
    summary: "An order CSV import's progress and report: { status, total, processed, created, updated, rejected: [{ row, reason }] }",
    access: ['marketer'],
  },
  async (c) => {
    const progress = await orderImportProgress(c.get('services').database, uuidParam(c));
    if (!progress) throw notFound('import');
    return progress;
  },
);

route(
  {
    method: 'post',
    path: '/events/track',
    summary: `Record up to ${MAX_ROWS_PER_CALL} customer events (cart_abandoned, product_viewed …) against their contacts`,
    access: ['marketer'],
    body: eventsBody,
  },
  async (c, { body }) => {
    const services = c.get('services');
    return trackEvents(services.database, body.events, { region: services.workspace.defaultRegion, now: services.now() });
  },
);

export const eventPropertiesRoute = route(
  {
    method: 'get',
    path: '/events/properties',
    summary: `The property names seen on a tracked event's latest ${PROPERTY_SAMPLE} rows: { name, sampled, properties: [{ name, types, seen }] }, most often seen first; sampled 0 when the event was never tracked`,
    access: ['marketer'],
    query: z.object({ name: z.string().trim().regex(TRACKED_EVENT_NAME, TRACKED_EVENT_NAME_RULE) }),
  },
  async (c, { query }) => eventProperties(c.get('services').database.db, query.name),
);

route(
  {
    method: 'get',
    path: '/contacts/:id/orders',
    summary: "A contact's orders, newest first, with their items",
    access: ['agent', 'marketer'],
    query: z.object({ cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
  },
  async (c, { query }) => {
    const db = c.get('services').database.db;
    const id = uuidParam(c);
    const [contact] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, id));
    if (!contact) throw notFound('contact');
    const where: SQL[] = [eq(orders.contactId, id)];
    const after = decodeCursor(query.cursor, CURSOR_SHAPES.timeAndId);
    if (after) where.push(sql`(${orders.placedAt}, ${orders.id}) < (${tsParam(new Date(after[0]))}, ${after[1]}::uuid)`);
    const rows = await db
      .select()
      .from(orders)
      .where(and(...where))
      .orderBy(desc(orders.placedAt), desc(orders.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((o) => ({
        id: o.id,
        source: o.source,
        externalId: o.externalId,
        placedAt: o.placedAt,
        currency: o.currency,
        total: o.total,
        refunded: o.refunded,
        status: o.status,
        items: o.items,
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.placedAt.toISOString(), last.id]) : null,
    };
  },
);
