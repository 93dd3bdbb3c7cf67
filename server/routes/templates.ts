// Message templates for campaigns: per-language bodies and subjects, checked for unknown variables on save.
import { and, desc, eq, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { templateSchema } from '../../workflows/model.ts';
import { checkText } from '../../workflows/validate-workflow.ts';
import { campaigns, templates } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'templates', '/api');

const templateBody = z.object({ name: z.string().trim().min(1).max(200) }).extend(templateSchema.shape);
type TemplateBody = z.infer<typeof templateBody>;

/** The same checks a workflow's templates get: fallback language present, only known variables. */
function checkTemplate(body: TemplateBody) {
  const errors = [];
  if (!body.languages[body.fallbackLanguage]) errors.push({ path: 'fallbackLanguage', message: `fallback language "${body.fallbackLanguage}" has no text` });
  for (const [language, variant] of Object.entries(body.languages)) {
    errors.push(...checkText(variant.body, `languages.${language}.body`));
    if (variant.subject) errors.push(...checkText(variant.subject, `languages.${language}.subject`));
  }
  if (errors.length) throw new AppError(422, 'invalid_template', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return { name: body.name, definition: { fallbackLanguage: body.fallbackLanguage, languages: body.languages } };
}

const nameTaken = () => new AppError(409, 'name_taken', 'A template with this name already exists');

const present = (row: typeof templates.$inferSelect) => ({ id: row.id, name: row.name, ...row.definition, createdAt: row.createdAt, updatedAt: row.updatedAt });

route({ method: 'get', path: '/templates', summary: 'List templates', access: ['marketer'] }, async (c) => {
  const rows = await c.get('services').database.db.select().from(templates).orderBy(desc(templates.updatedAt));
  return { items: rows.map(present) };
});

route({ method: 'get', path: '/templates/:id', summary: 'A template', access: ['marketer'] }, async (c) => {
  const [row] = await c
    .get('services')
    .database.db.select()
    .from(templates)
    .where(eq(templates.id, uuidParam(c)));
  if (!row) throw notFound('template');
  return present(row);
});

export const createTemplateRoute = route({ method: 'post', path: '/templates', summary: 'Create a template', access: ['marketer'], status: 201, body: templateBody }, async (c, { body }) => {
  const [row] = await c.get('services').database.db.insert(templates).values(checkTemplate(body)).onConflictDoNothing().returning();
  if (!row) throw nameTaken();
  return present(row);
});

route({ method: 'put', path: '/templates/:id', summary: 'Replace a template', access: ['marketer'], body: templateBody }, async (c, { body }) => {
  const services = c.get('services');
  const id = uuidParam(c);
  const values = checkTemplate(body);
  const [clash] = await services.database.db
    .select({ id: templates.id })
    .from(templates)
    .where(and(eq(templates.name, values.name), ne(templates.id, id)));
  if (clash) throw nameTaken();
  const [row] = await services.database.db
    .update(templates)
    .set({ ...values, updatedAt: services.now() })
    .where(eq(templates.id, id))
    .returning();
  if (!row) throw notFound('template');
  return present(row);
});

route({ method: 'delete', path: '/templates/:id', summary: 'Delete a template', access: ['marketer'] }, async (c) => {
  const db = c.get('services').database.db;
  const id = uuidParam(c);
  // Started campaigns keep their own copy; a draft would lose its template, so refuse.
  const [draft] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.templateId, id), eq(campaigns.status, 'draft')))
    .limit(1);
  if (draft) throw new AppError(409, 'template_in_use', 'A draft campaign uses this template');
  const rows = await db.delete(templates).where(eq(templates.id, id)).returning();
  if (!rows.length) throw notFound('template');
  return { ok: true };
});
