// Macros: named sequences of inbox actions, managed in Settings and run on one conversation.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { macros } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { PG, pgErrorCode } from '../db/pg-error.ts';
import { macroBody } from '../macros/macro-input.ts';
import { runMacro } from '../macros/run-macro.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'macros', '/api');

function nameTaken(error: unknown): never {
  if (pgErrorCode(error) === PG.uniqueViolation) throw new AppError(409, 'name_taken', 'A macro with this name already exists');
  throw error;
}

route({ method: 'get', path: '/macros', summary: 'List macros by name', access: ['agent'] }, async (c) => ({
  items: await c.get('services').database.db.select().from(macros).orderBy(asc(macros.name)),
}));

route(
  { method: 'post', path: '/macros', summary: 'Create a macro: a name and its steps (label, assign, reply with a canned response, resolve, snooze)', access: ['agent'], status: 201, body: macroBody },
  async (c, { body, user }) => {
    const [row] = await c
      .get('services')
      .database.db.insert(macros)
      .values({ ...body, createdById: user.id })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(409, 'name_taken', 'A macro with this name already exists');
    return row;
  },
);

route({ method: 'patch', path: '/macros/:id', summary: 'Rename a macro or change its steps', access: ['agent'], body: macroBody.partial() }, async (c, { body }) => {
  const services = c.get('services');
  const [row] = await services.database.db
    .update(macros)
    .set({ ...body, updatedAt: services.now() })
    .where(eq(macros.id, uuidParam(c)))
    .returning()
    .catch(nameTaken);
  if (!row) throw notFound('macro');
  return row;
});

route({ method: 'delete', path: '/macros/:id', summary: 'Delete a macro', access: ['agent'] }, async (c) => {
  const rows = await c
    .get('services')
    .database.db.delete(macros)
    .where(eq(macros.id, uuidParam(c)))
    .returning({ id: macros.id });
  if (!rows.length) throw notFound('macro');
  return { ok: true };
});

route(
  {
    method: 'post',
    path: '/conversations/:id/macros/:macroId/run',
    summary: 'Run a macro on a conversation: its replies queued in order, then its changes applied (a step that cannot run changes nothing: 422)',
    access: ['agent'],
  },
  async (c, { user }) => {
    const services = c.get('services');
    return runMacro(services, uuidParam(c), uuidParam(c, 'macroId'), user.id);
  },
);
