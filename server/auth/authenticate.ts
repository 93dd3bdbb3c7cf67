// Resolves the caller from a session cookie or a bearer token, and enforces CSRF on cookie-authenticated writes.
import { and, eq, gt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiTokens, sessions, users } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { sha256 } from './passwords.ts';

export const SESSION_COOKIE = 'ulak_session';
export const CSRF_HEADER = 'x-csrf-token';
/** How stale a session's last-seen time may get before a request refreshes it: most requests stay reads. */
const LAST_SEEN_STEP_MS = 5 * 60_000;

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { database } = c.get('services');
  const db = database.db;
  const authz = c.req.header('authorization');
  if (authz?.toLowerCase().startsWith('bearer ')) {
    const hash = sha256(authz.slice(7).trim());
    const [row] = await db
      .select({ user: users, tokenId: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hash), eq(users.active, true)));
    if (!row) throw new AppError(401, 'invalid_token', 'The bearer token is not valid');
    c.set('user', toAuthUser(row.user));
    c.set('authMethod', 'bearer');
    void db
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(eq(apiTokens.id, row.tokenId))
      .catch(() => {});
    return next();
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const hash = sha256(cookie);
    const [row] = await db
      .select({ user: users, csrf: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, new Date()), eq(users.active, true)));
    if (row) {
      c.set('user', toAuthUser(row.user));
      c.set('authMethod', 'cookie');
      c.set('csrfToken', row.csrf);
      c.set('sessionTokenHash', hash);
      const now = new Date();
      if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_STEP_MS) {
        await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, hash));
      }
      if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && c.req.header(CSRF_HEADER) !== row.csrf) {
        throw new AppError(403, 'csrf_failed', `Cookie-authenticated writes need the ${CSRF_HEADER} header from /api/me`);
      }
    }
  }
  return next();
};

export function toAuthUser(u: typeof users.$inferSelect) {
  return { id: u.id, email: u.email, name: u.name, roles: u.roles, locale: u.locale };
}
