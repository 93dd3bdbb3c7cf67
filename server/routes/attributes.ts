// Declared custom attribute types (Settings → attributes): import and the contact API coerce to them, conditions compare by them.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { attributeDefinitions } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { ATTRIBUTE_TYPES } from '../../workflows/attributes/attribute-types.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'attributes', '/api');

const key = z.string().regex(/^[A-Za-z_][\w-]{0,99}$/, 'must start with a letter or _ and use letters, digits, _ or - (at most 100)');
const shape = (r: typeof attributeDefinitions.$inferSelect) => ({ key: r.key, type: r.type, label: r.label, createdAt: r.createdAt, updatedAt: r.updatedAt });
const keyParam = (raw: string | undefined) => {
  const parsed = key.safeParse(raw);
  if (!parsed.success) throw notFound('attribute');
  return parsed.data;
};

export const listAttributesRoute = route({ method: 'get', path: '/attributes', summary: 'Declared custom attribute types', access: ['agent', 'marketer'] }, async (c) => {
  const rows = await c.get('services').database.db.select().from(attributeDefinitions).orderBy(asc(attributeDefinitions.key));
  return { items: rows.map(shape) };
});

route(
  {
    method: 'post',
    path: '/attributes',
    status: 201,
    access: ['marketer'],
    summary: 'Declare a custom attribute type (number, date, boolean, text, list); stored values are read in that type from then on',
    body: z.object({ key, type: z.enum(ATTRIBUTE_TYPES), label: z.string().trim().min(1).max(200).optional() }),
  },
  async (c, { body }) => {
    const services = c.get('services');
    const now = services.now();
    const [row] = await services.database.db
      .insert(attributeDefinitions)
      .values({ key: body.key, type: body.type, label: body.label ?? body.key, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(409, 'conflict', `The attribute "${body.key}" is already declared; change it with PATCH /api/attributes/${body.key}`);
    return shape(row);
  },
);

route(
  {
    method: 'patch',
    path: '/attributes/:key',
    access: ['marketer'],
    summary: "Change a declared attribute's type or label",
    body: z.object({ type: z.enum(ATTRIBUTE_TYPES), label: z.string().trim().min(1).max(200) }).partial(),
  },
  async (c, { body }) => {
    const services = c.get('services');
    const [row] = await services.database.db
      .update(attributeDefinitions)
      .set({ ...body, updatedAt: services.now() })
      .where(eq(attributeDefinitions.key, keyParam(c.req.param('key'))))
      .returning();
    if (!row) throw notFound('attribute');
    return shape(row);
  },
);

route({ method: 'delete', path: '/attributes/:key', access: ['marketer'], summary: 'Forget a declared type (contacts keep their values, read as given)' }, async (c) => {
  const [row] = await c
    .get('services')
    .database.db.delete(attributeDefinitions)
    .where(eq(attributeDefinitions.key, keyParam(c.req.param('key'))))
    .returning();
  if (!row) throw notFound('attribute');
  return { ok: true };
});
