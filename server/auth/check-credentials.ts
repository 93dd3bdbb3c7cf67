// Checks an email and password, doing the same work whether or not the email names an active account.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

/** The active user these credentials belong to, or undefined. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<typeof users.$inferSelect | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, email), eq(users.active, true)));
  // An unknown or deactivated email is verified against a dummy hash: answering at once would tell
  // an attacker, by timing alone, which emails have accounts.
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  return user && valid ? user : undefined;
}
