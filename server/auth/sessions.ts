// Creates and ends cookie sessions (httpOnly, SameSite=Lax, Secure behind https) with a per-session CSRF token.
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { sessions } from '../db/schema/index.ts';
import type { AppEnv } from '../http/env.ts';
import { clientAddress } from '../http/client-address.ts';
import { newToken, sha256 } from './passwords.ts';
import { SESSION_COOKIE } from './authenticate.ts';

const SESSION_DAYS = 30;

export async function startSession(c: Context<AppEnv>, userId: string): Promise<string> {
  const { database, config } = c.get('services');
  const token = newToken();
  const csrfToken = newToken();
  const now = new Date();
  await database.db.insert(sessions).values({
    tokenHash: sha256(token),
    userId,
    csrfToken,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    lastSeenAt: now,
    userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
    ip: clientAddress(c),
  });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.publicUrl.startsWith('https://'),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
  return csrfToken;
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const hash = c.get('sessionTokenHash');
  if (hash) await c.get('services').database.db.delete(sessions).where(eq(sessions.tokenHash, hash));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
