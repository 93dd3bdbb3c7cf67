// The sign-in throttle, kept in the database so every server process counts the same failed attempts.
// Two limits: per address and email (a mistyped password), and per email alone, so rotating addresses
// (or a forged X-Forwarded-For) cannot buy unlimited guesses at one account.
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { loginAttempts } from '../db/schema/index.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
const LIMITS = { perAddress: 10, perAccount: 30 };

const keysFor = (ip: string, email: string) => [
  { key: `${ip}|${email.toLowerCase()}`, limit: LIMITS.perAddress },
  { key: email.toLowerCase(), limit: LIMITS.perAccount },
];

/** Seconds to wait before another attempt is allowed, or undefined when one may be made now. */
export async function loginWait(db: Db, ip: string, email: string, now: Date): Promise<number | undefined> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  let wait: number | undefined;
  for (const { key, limit } of keysFor(ip, email)) {
    const recent = await db.select({ at: loginAttempts.at }).from(loginAttempts)
      .where(and(eq(loginAttempts.key, key), gt(loginAttempts.at, since))).orderBy(asc(loginAttempts.at)).limit(limit);
    if (recent.length < limit) continue;
    // The oldest counted attempt leaves the window first.
    const seconds = Math.max(1, Math.ceil((recent[0]!.at.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000));
    wait = Math.max(wait ?? 0, seconds);
  }
  return wait;
}

export async function recordFailedLogin(db: Db, ip: string, email: string, now: Date): Promise<void> {
  await db.insert(loginAttempts).values(keysFor(ip, email).map(({ key }) => ({ key, at: now })));
}

/** A successful sign-in from this address clears its count (the per-account count stays until it ages out). */
export async function clearFailedLogins(db: Db, ip: string, email: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, keysFor(ip, email)[0]!.key));
}

/** Forgets attempts older than the window (run periodically). */
export async function sweepLoginAttempts(db: Db, now: Date): Promise<void> {
  await db.delete(loginAttempts).where(lte(loginAttempts.at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
}

