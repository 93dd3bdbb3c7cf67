// Admin view of a user's ways in: their signed-in sessions and API tokens, each listable and revocable.
import { and, desc, eq, gt } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { apiTokens, sessions, users } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { audit } from '../events/audit.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'users', '/api');

/** The user named by `:id`, or a 404: an empty list must mean "no sessions", never "no such user". */
async function userIdOf(c: Context<AppEnv>): Promise<string> {
  const id = uuidParam(c);
  const [row] = await c.get('services').database.db.select({ id: users.id }).from(users).where(eq(users.id, id));
  if (!row) throw notFound('user');
  return id;
}

route({ method: 'get', path: '/users/:id/sessions', summary: "A user's signed-in sessions (newest first)", access: ['admin'] }, async (c) => {
  const userId = await userIdOf(c);
  const rows = await c
    .get('services')
    .database.db.select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent, ip: sessions.ip })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.createdAt));
  return { items: rows };
});

route({ method: 'delete', path: '/users/:id/sessions/:sessionId', summary: 'Sign a user out of one session', access: ['admin'] }, async (c, { user }) => {
  const userId = await userIdOf(c);
  const sessionId = uuidParam(c, 'sessionId');
  const db = c.get('services').database.db;
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  if (!rows.length) throw notFound('session');
  await audit(db, user.id, 'user.session_revoked', 'user', userId, { sessionId });
  return { ok: true };
});

route({ method: 'get', path: '/users/:id/tokens', summary: "A user's API tokens", access: ['admin'] }, async (c) => {
  const userId = await userIdOf(c);
  const rows = await c
    .get('services')
    .database.db.select({ id: apiTokens.id, name: apiTokens.name, lastUsedAt: apiTokens.lastUsedAt, createdAt: apiTokens.createdAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
  return { items: rows };
});

route({ method: 'delete', path: '/users/:id/tokens/:tokenId', summary: "Revoke one of a user's API tokens", access: ['admin'] }, async (c, { user }) => {
  const userId = await userIdOf(c);
  const tokenId = uuidParam(c, 'tokenId');
  const db = c.get('services').database.db;
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  if (!rows.length) throw notFound('token');
  await audit(db, user.id, 'user.token_revoked', 'user', userId, { tokenId });
  return { ok: true };
});
