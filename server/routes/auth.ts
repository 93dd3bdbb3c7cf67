// First-run setup, login/logout, the current user, and personal API tokens.
import { and, count, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { apiTokens, users } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { toAuthUser } from '../auth/authenticate.ts';
import { hashPassword, newToken, sha256, verifyPassword } from '../auth/passwords.ts';
import { endSession, startSession } from '../auth/sessions.ts';
import { clearFailedLogins, loginWait, recordFailedLogin } from '../auth/login-throttle.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'auth', '/api');

/** What the browser checks before uploading, so a too-large file is refused at once, in words. */
const limits = (c: Context<AppEnv>) => ({ maxAttachmentBytes: c.get('services').config.maxAttachmentBytes });

const email = z.email().max(320).transform((v) => v.trim().toLowerCase());
const password = z.string().min(8, 'must be at least 8 characters').max(200);

route({ method: 'get', path: '/setup', summary: 'Whether first-run setup is still needed', access: 'public' }, async (c) => {
  const [row] = await c.get('services').database.db.select({ n: count() }).from(users);
  return { needsSetup: Number(row!.n) === 0 };
});

route(
  { method: 'post', path: '/setup', summary: 'Create the first admin (only while no user exists)', access: 'public', status: 201, body: z.object({ email, password, name: z.string().trim().min(1).max(200) }) },
  async (c, { body }) => {
    const { database } = c.get('services');
    const hash = await hashPassword(body.password);
    const user = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7245003)`);
      const [row] = await tx.select({ n: count() }).from(users);
      if (Number(row!.n) > 0) throw new AppError(409, 'already_set_up', 'Ulak is already set up; sign in instead');
      const [u] = await tx.insert(users).values({ email: body.email, name: body.name, passwordHash: hash, roles: ['admin', 'agent', 'marketer'] }).returning();
      return u!;
    });
    const csrfToken = await startSession(c, user.id);
    return { user: toAuthUser(user), csrfToken, limits: limits(c) };
  },
);

route({ method: 'post', path: '/auth/login', summary: 'Sign in with email and password', access: 'public', body: z.object({ email, password: z.string().min(1).max(200) }) }, async (c, { body }) => {
  const { database, now } = c.get('services');
  const ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';
  const wait = await loginWait(database.db, ip, body.email, now());
  if (wait) throw new AppError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${wait} seconds`);
  const [user] = await database.db.select().from(users).where(and(eq(users.email, body.email), eq(users.active, true)));
  if (!user || !(await verifyPassword(body.password, user.passwordHash))) {
    await recordFailedLogin(database.db, ip, body.email, now());
    throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
  }
  await clearFailedLogins(database.db, ip, body.email);
  const csrfToken = await startSession(c, user.id);
  return { user: toAuthUser(user), csrfToken, limits: limits(c) };
});

route({ method: 'post', path: '/auth/logout', summary: 'Sign out', access: 'user' }, async (c) => {
  await endSession(c);
  return { ok: true };
});

route({ method: 'get', path: '/me', summary: 'The signed-in user, the CSRF token for cookie writes, and upload limits', access: 'user' }, (c, { user }) => ({ user, csrfToken: c.get('csrfToken') ?? null, limits: limits(c) }));

route(
  { method: 'patch', path: '/me', summary: 'Update my name or UI language', access: 'user', body: z.object({ name: z.string().trim().min(1).max(200).optional(), locale: z.enum(['en', 'tr']).optional() }) },
  async (c, { body, user }) => {
    const [u] = await c.get('services').database.db.update(users).set({ ...body, updatedAt: new Date() }).where(eq(users.id, user.id)).returning();
    return { user: toAuthUser(u!) };
  },
);

route({ method: 'post', path: '/tokens', summary: 'Issue a personal bearer token (shown once)', access: 'user', status: 201, body: z.object({ name: z.string().trim().min(1).max(100) }) }, async (c, { body, user }) => {
  const token = newToken('ulak_');
  const [row] = await c.get('services').database.db.insert(apiTokens).values({ userId: user.id, name: body.name, tokenHash: sha256(token) }).returning();
  return { id: row!.id, name: row!.name, token, createdAt: row!.createdAt };
});

route({ method: 'get', path: '/tokens', summary: 'My API tokens', access: 'user' }, async (c, { user }) => {
  const rows = await c.get('services').database.db.select({ id: apiTokens.id, name: apiTokens.name, lastUsedAt: apiTokens.lastUsedAt, createdAt: apiTokens.createdAt }).from(apiTokens).where(eq(apiTokens.userId, user.id));
  return { items: rows };
});

route({ method: 'delete', path: '/tokens/:id', summary: 'Revoke one of my API tokens', access: 'user' }, async (c, { user }) => {
  const rows = await c.get('services').database.db.delete(apiTokens).where(and(eq(apiTokens.id, uuidParam(c)), eq(apiTokens.userId, user.id))).returning({ id: apiTokens.id });
  if (!rows.length) throw new AppError(404, 'not_found', 'token not found');
  return { ok: true };
});
