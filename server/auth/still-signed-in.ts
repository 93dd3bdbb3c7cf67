// Whether the session or bearer token a long-lived request (the realtime stream) started with still lets its user in.
import { and, eq, gt } from 'drizzle-orm';
import type { Context } from 'hono';
import { apiTokens, sessions, users } from '../db/schema/index.ts';
import type { AppEnv } from '../http/env.ts';
import { sha256 } from './passwords.ts';

/**
 * Sign-out, deactivation and an admin's revoking end sessions and tokens in the database; a request that is already
 * streaming was authenticated before that and has to ask again, or a deactivated user would go on hearing every event.
 */
export async function stillSignedIn(c: Context<AppEnv>): Promise<boolean> {
  const db = c.get('services').database.db;
  const method = c.get('authMethod');
  if (method === 'cookie') {
    const hash = c.get('sessionTokenHash');
    if (!hash) return false;
    const rows = await db
      .select({ id: sessions.id })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, new Date()), eq(users.active, true)));
    return rows.length > 0;
  }
  if (method === 'bearer') {
    const token = c.req.header('authorization')?.slice(7).trim() ?? '';
    const rows = await db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, sha256(token)), eq(users.active, true)));
    return rows.length > 0;
  }
  return false;
}
