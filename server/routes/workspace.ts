// Workspace settings, labels and canned responses.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { cannedResponses, labels, workspaces } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { isCurrency, isTimeZone } from '../lib/validators.ts';
import { PG, pgErrorCode } from '../db/pg-error.ts';
import { recomputeContactValue } from '../value/recompute-contact-value.ts';
import { convertCurrencyRates } from '../value/currency-rates.ts';
import { transact } from '../events/record-event.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'workspace', '/api');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const workspaceBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Istanbul'),
    defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as TR'),
    quietHours: z.object({ start: hhmm, end: hhmm }),
    frequencyCap: z.object({ max: z.number().int().min(0).max(100), perDays: z.number().int().min(1).max(90) }),
    emailJoinOpenConversation: z.boolean(),
    currency: z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as TRY'),
    /** Churn risk: a buyer whose probability of being active is below this while their value is high. */
    churnRiskThreshold: z.number().gt(0).lt(1),
    /** Open pixel, signed click redirects and UTM tags on marketing email (README "Tracking"). */
    tracking: z.object({ opens: z.boolean(), clicks: z.boolean(), utm: z.boolean() }),
  })
  .partial();

export const workspaceRoute = route({ method: 'get', path: '/workspace', summary: 'Workspace settings', access: 'user' }, async (c) => {
  const [ws] = await c.get('services').database.db.select().from(workspaces).limit(1);
  return ws;
});

export const updateWorkspaceRoute = route({ method: 'patch', path: '/workspace', summary: 'Change workspace settings', access: ['admin'], body: workspaceBody }, async (c, { body }) => {
  const services = c.get('services');
  const ws = await transact(services.database, async (tx) => {
    const [before] = await tx.select({ currency: workspaces.currency }).from(workspaces).where(eq(workspaces.id, 1)).for('update');
    const [updated] = await tx
      .update(workspaces)
      .set({ ...body, updatedAt: new Date() })
      .where(eq(workspaces.id, 1))
      .returning();
    // Lifetime totals are in the workspace currency: a new one converts the rates into it and re-totals every contact.
    if (body.currency && before) await convertCurrencyRates(tx, before.currency, body.currency, services.now());
    if (body.currency) await recomputeContactValue(tx, 'all', services.now());
    return updated;
  });
  // A new threshold is applied by the next fit pass, soon rather than at the next order.
  if (body.currency || body.churnRiskThreshold !== undefined) services.valueChanged();
  await services.refreshWorkspace();
  return ws;
});

const labelBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[^,\s][^,]*$/, 'must not contain commas'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  description: z.string().max(300).optional(),
});

export const listLabelsRoute = route({ method: 'get', path: '/labels', summary: 'List labels', access: 'user' }, async (c) => ({
  items: await c.get('services').database.db.select().from(labels).orderBy(labels.name),
}));

export const createLabelRoute = route({ method: 'post', path: '/labels', summary: 'Create a label', access: ['agent'], status: 201, body: labelBody }, async (c, { body }) => {
  const [row] = await c.get('services').database.db.insert(labels).values(body).onConflictDoNothing().returning();
  if (!row) throw new AppError(409, 'name_taken', 'A label with this name already exists');
  return row;
});

route({ method: 'delete', path: '/labels/:id', summary: 'Delete a label', access: ['admin'] }, async (c) => {
  const rows = await c
    .get('services')
    .database.db.delete(labels)
    .where(eq(labels.id, uuidParam(c)))
    .returning();
  if (!rows.length) throw notFound('label');
  return { ok: true };
});

const cannedBody = z.object({
  shortCode: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, - and _ only'),
  content: z.string().min(1).max(10_000),
});

function shortCodeTaken(error: unknown): never {
  if (pgErrorCode(error) === PG.uniqueViolation) throw new AppError(409, 'short_code_taken', 'A canned response with this short code already exists');
  throw error;
}

export const listCannedRoute = route({ method: 'get', path: '/canned-responses', summary: 'List canned responses', access: ['agent'] }, async (c) => ({
  items: await c.get('services').database.db.select().from(cannedResponses).orderBy(cannedResponses.shortCode),
}));

export const createCannedRoute = route({ method: 'post', path: '/canned-responses', summary: 'Create a canned response', access: ['agent'], status: 201, body: cannedBody }, async (c, { body }) => {
  const [row] = await c.get('services').database.db.insert(cannedResponses).values(body).onConflictDoNothing().returning();
  if (!row) throw new AppError(409, 'short_code_taken', 'A canned response with this short code already exists');
  return row;
});

route({ method: 'patch', path: '/canned-responses/:id', summary: 'Change a canned response', access: ['agent'], body: cannedBody.partial() }, async (c, { body }) => {
  const [row] = await c
    .get('services')
    .database.db.update(cannedResponses)
    .set({ ...body, updatedAt: new Date() })
    .where(eq(cannedResponses.id, uuidParam(c)))
    .returning()
    .catch(shortCodeTaken);
  if (!row) throw notFound('canned response');
  return row;
});

route({ method: 'delete', path: '/canned-responses/:id', summary: 'Delete a canned response', access: ['agent'] }, async (c) => {
  const rows = await c
    .get('services')
    .database.db.delete(cannedResponses)
    .where(eq(cannedResponses.id, uuidParam(c)))
    .returning();
  if (!rows.length) throw notFound('canned response');
  return { ok: true };
});
