// Saved segments (condition trees over contacts) and a live preview: how many match, and who.
import { and, asc, eq, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { conditionSchema } from '../../workflows/conditions/schema.ts';
import { segments, workspaces } from '../db/schema/index.ts';
import { suggestSegments } from '../assist/suggest-segments.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { previewSegment } from '../segments/evaluate-segment.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'segments', '/api');

const segmentBody = z.object({ name: z.string().trim().min(1).max(200), conditions: conditionSchema });
const nameTaken = () => new AppError(409, 'name_taken', 'A segment with this name already exists');

export const segmentPreviewRoute = route(
  { method: 'post', path: '/segments/preview', summary: 'Count and sample the contacts a condition tree matches', access: ['marketer'], body: z.object({ conditions: conditionSchema }) },
  async (c, { body }) => {
    const services = c.get('services');
    return previewSegment(services.database.db, body.conditions, services.now());
  },
);

route(
  {
    method: 'get',
    path: '/segments/suggestions',
    summary: 'Segments proposed by clustering customers on value, quietness and channel, each described in words with its size',
    access: ['marketer'],
    query: z.object({ lang: z.enum(['tr', 'en']).default('en') }),
  },
  async (c, { query }) => {
    const services = c.get('services');
    const [workspace] = await services.database.db.select({ currency: workspaces.currency }).from(workspaces).limit(1);
    return { items: await suggestSegments(services.database.db, { now: services.now(), currency: workspace?.currency ?? 'TRY', lang: query.lang }) };
  },
);

export const listSegmentsRoute = route({ method: 'get', path: '/segments', summary: 'List segments', access: ['marketer'] }, async (c) => ({
  items: await c.get('services').database.db.select().from(segments).orderBy(asc(segments.name)),
}));

route({ method: 'get', path: '/segments/:id', summary: 'A segment', access: ['marketer'] }, async (c) => {
  const [row] = await c
    .get('services')
    .database.db.select()
    .from(segments)
    .where(eq(segments.id, uuidParam(c)));
  if (!row) throw notFound('segment');
  return row;
});

route({ method: 'post', path: '/segments', summary: 'Save a segment', access: ['marketer'], status: 201, body: segmentBody }, async (c, { body }) => {
  const [row] = await c.get('services').database.db.insert(segments).values(body).onConflictDoNothing().returning();
  if (!row) throw nameTaken();
  return row;
});

route({ method: 'put', path: '/segments/:id', summary: 'Replace a segment', access: ['marketer'], body: segmentBody }, async (c, { body }) => {
  const services = c.get('services');
  const id = uuidParam(c);
  const [clash] = await services.database.db
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.name, body.name), ne(segments.id, id)));
  if (clash) throw nameTaken();
  const [row] = await services.database.db
    .update(segments)
    .set({ ...body, updatedAt: services.now() })
    .where(eq(segments.id, id))
    .returning();
  if (!row) throw notFound('segment');
  return row;
});

route({ method: 'delete', path: '/segments/:id', summary: 'Delete a segment (campaigns keep their snapshot)', access: ['marketer'] }, async (c) => {
  const rows = await c
    .get('services')
    .database.db.delete(segments)
    .where(eq(segments.id, uuidParam(c)))
    .returning();
  if (!rows.length) throw notFound('segment');
  return { ok: true };
});
