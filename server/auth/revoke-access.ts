// Ends a user's sessions and API tokens when their password changes or they are deactivated.
import { and, eq, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { apiTokens, sessions } from '../db/schema/index.ts';

/**
 * After a password change: every session of the user ends except the one making the change (by its token
 * hash), so someone who knew the old password is signed out while the user is not. API tokens stay: each
 * was issued on purpose and is listed and revoked on its own.
 */
export async function endOtherSessions(db: Db | Tx, userId: string, keepTokenHash?: string): Promise<void> {
  await db.delete(sessions).where(keepTokenHash ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)) : eq(sessions.userId, userId));
}

/** On deactivation: the rows are deleted, not hidden, so reactivating the user revives none of them. */
export async function revokeAllAccess(db: Db | Tx, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await db.delete(apiTokens).where(eq(apiTokens.userId, userId));
}
