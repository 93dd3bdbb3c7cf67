// First-run setup, login/logout, the current user, and personal API tokens.
import { and, count, eq, sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { apiTokens, LOCALES, users } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { toAuthUser } from '../auth/authenticate.ts';
import { hashPassword, newToken, sha256 } from '../auth/passwords.ts';
import { endSession, startSession } from '../auth/sessions.ts';
import { claimLoginAttempt, settleSuccessfulLogin } from '../auth/login-throttle.ts';
import { checkCredentials } from '../auth/check-credentials.ts';
import { endOtherSessions } from '../auth/revoke-access.ts';
import { clientAddress } from '../http/client-address.ts';
import { refuseCrossSite } from '../http/cross-site.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'auth', '/api');

/** What the browser checks before uploading, so a too-large file is refused at once, in words. */
const limits = (c: Context<AppEnv>) => ({ maxAttachmentBytes: c.get('services').config.maxAttachmentBytes });

const email = z
  .email()
  .max(320)
  .transform((v) => v.trim().toLowerCase());
const password = z.string().min(8, 'must be at least 8 characters').max(200);

const needsSetup = async (c: Context<AppEnv>) => {
  const [row] = await c.get('services').database.db.select({ n: count() }).from(users);
  return Number(row!.n) === 0;
};

route({ method: 'get', path: '/setup', summary: 'Whether first-run setup is still needed', access: 'public' }, async (c) => ({ needsSetup: await needsSetup(c) }));

route(
  {
    method: 'post',
    path: '/setup',
    summary: 'Create the first admin (only while no user exists)',
    access: 'public',
    status: 201,
    // `locale`: the language the setup page was shown in, so the app goes on in it (English when absent).
    body: z.object({ email, password, name: z.string().trim().min(1).max(200), locale: z.enum(LOCALES).optional() }),
  },
  async (c, { body }) => {
    refuseCrossSite(c);
    const { database } = c.get('services');
    const hash = await hashPassword(body.password);
    const user = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7245003)`);
      const [row] = await tx.select({ n: count() }).from(users);
      if (Number(row!.n) > 0) throw new AppError(409, 'already_set_up', 'Ulak is already set up; sign in instead');
      const [u] = await tx
        .insert(users)
        .values({ email: body.email, name: body.name, passwordHash: hash, roles: ['admin', 'agent', 'marketer'], ...(body.locale ? { locale: body.locale } : {}) })
        .returning();
      return u!;
    });
    const csrfToken = await startSession(c, user.id);
    return { user: toAuthUser(user), csrfToken, limits: limits(c) };
  },
);

export const signInRoute = route(
  { method: 'post', path: '/auth/login', summary: 'Sign in with email and password', access: 'public', body: z.object({ email, password: z.string().min(1).max(200) }) },
  async (c, { body }) => {
    refuseCrossSite(c);
    const { database, now } = c.get('services');
    const ip = clientAddress(c);
    // The attempt is counted before the password is checked, in one step, so parallel guesses cannot overrun the limit.
    const claim = await claimLoginAttempt(database.db, ip, body.email, now());
    if (claim.wait !== undefined) throw new AppError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${claim.wait} seconds`);
    const user = await checkCredentials(database.db, body.email, body.password);
    if (!user) throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
    await settleSuccessfulLogin(database.db, ip, body.email, claim.attemptIds);
    const csrfToken = await startSession(c, user.id);
    return { user: toAuthUser(user), csrfToken, limits: limits(c) };
  },
);

route({ method: 'post', path: '/auth/logout', summary: 'Sign out', access: 'user' }, async (c) => {
  await endSession(c);
  return { ok: true };
});

/**
 * What the app asks first: who is signed in (`user` null when nobody is), and whether first-run setup is still needed.
 * Signed out is an answer here, not a 401, so loading the sign-in page logs no failed request in the browser.
 */
export const sessionRoute = route(
  { method: 'get', path: '/auth/session', summary: 'The signed-in user (null when signed out), the CSRF token, upload limits, and whether setup is still needed', access: 'public' },
  async (c) => {
    // A public route's `user` is typed as always there; here its absence is the answer.
    const user = c.get('user') ?? null;
    return { user, csrfToken: user ? (c.get('csrfToken') ?? null) : null, limits: limits(c), needsSetup: user ? false : await needsSetup(c) };
  },
);

export const meRoute = route({ method: 'get', path: '/me', summary: 'The signed-in user, the CSRF token for cookie writes, and upload limits', access: 'user' }, (c, { user }) => ({
  user,
  csrfToken: c.get('csrfToken') ?? null,
  limits: limits(c),
}));

const meBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(LOCALES).optional(),
  password: password.optional(),
  /** Required with `password`: a session left open on a shared computer must not be enough to take the account. */
  currentPassword: z.string().max(200).optional(),
});

export const updateMeRoute = route(
  { method: 'patch', path: '/me', summary: 'Update my name, UI language or password (a new password signs out my other sessions)', access: 'user', body: meBody },
  async (c, { body, user }) => {
    const { database, now } = c.get('services');
    const db = database.db;
    const { password: newPassword, currentPassword, ...rest } = body;
    let passwordHash: string | undefined;
    if (newPassword !== undefined) {
      // Guessing the current password is throttled like signing in, or a stolen session would be an oracle.
      const claim = await claimLoginAttempt(db, clientAddress(c), user.email, now());
      if (claim.wait !== undefined) throw new AppError(429, 'too_many_attempts', `Too many password attempts; try again in ${claim.wait} seconds`);
      if (!currentPassword || !(await checkCredentials(db, user.email, currentPassword))) {
        throw new AppError(403, 'wrong_password', 'The current password is wrong');
      }
      await settleSuccessfulLogin(db, clientAddress(c), user.email, claim.attemptIds);
      passwordHash = await hashPassword(newPassword);
    }
    const u = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ ...rest, ...(passwordHash ? { passwordHash } : {}), updatedAt: new Date() })
        .where(eq(users.id, user.id))
        .returning();
      if (passwordHash) await endOtherSessions(tx, user.id, c.get('sessionTokenHash'));
      return row!;
    });
    return { user: toAuthUser(u) };
  },
);

route(
  { method: 'post', path: '/tokens', summary: 'Issue a personal bearer token (shown once)', access: 'user', status: 201, body: z.object({ name: z.string().trim().min(1).max(100) }) },
  async (c, { body, user }) => {
    const token = newToken('ulak_');
    const [row] = await c
      .get('services')
      .database.db.insert(apiTokens)
      .values({ userId: user.id, name: body.name, tokenHash: sha256(token) })
      .returning();
    return { id: row!.id, name: row!.name, token, createdAt: row!.createdAt };
  },
);

route({ method: 'get', path: '/tokens', summary: 'My API tokens', access: 'user' }, async (c, { user }) => {
  const rows = await c
    .get('services')
    .database.db.select({ id: apiTokens.id, name: apiTokens.name, lastUsedAt: apiTokens.lastUsedAt, createdAt: apiTokens.createdAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, user.id));
  return { items: rows };
});

route({ method: 'delete', path: '/tokens/:id', summary: 'Revoke one of my API tokens', access: 'user' }, async (c, { user }) => {
  const rows = await c
    .get('services')
    .database.db.delete(apiTokens)
    .where(and(eq(apiTokens.id, uuidParam(c)), eq(apiTokens.userId, user.id)))
    .returning({ id: apiTokens.id });
  if (!rows.length) throw new AppError(404, 'not_found', 'token not found');
  return { ok: true };
});
