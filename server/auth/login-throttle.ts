// The sign-in throttle, kept in the database so every server process counts the same attempts.
// Two limits: per address and email (a mistyped password), and per email alone, so rotating addresses
// (or a forged X-Forwarded-For) cannot buy unlimited guesses at one account.
// An attempt is counted and recorded in one locked step *before* the password is checked: were the check
// and the record separate, a burst of parallel guesses would all pass the check before any was recorded.
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { loginAttempts } from '../db/schema/index.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { perAddress: 10, perAccount: 30 };
/** Advisory-lock namespace for sign-in attempts (the second key is the email's hash). */
const LOCK_NAMESPACE = 7245004;

const keysFor = (ip: string, email: string) => [
  { key: `${ip}|${email.toLowerCase()}`, limit: LOGIN_LIMITS.perAddress },
  { key: email.toLowerCase(), limit: LOGIN_LIMITS.perAccount },
];

/** Either how many seconds to wait, or the recorded attempt to settle once the password has been checked. */
export type LoginClaim = { wait: number; attemptIds?: undefined } | { wait?: undefined; attemptIds: string[] };

/**
 * Counts recent attempts and, when under both limits, records this one, all under a lock on the email:
 * of N parallel attempts exactly as many as the limit allows go on to a password check.
 */
export function claimLoginAttempt(db: Db, ip: string, email: string, now: Date): Promise<LoginClaim> {
  return db.transaction(async (tx) => {
    // Both keys contain the email, so one lock per email serialises every count that could race.
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(LOCK_NAMESPACE))}, hashtext(${email.toLowerCase()}))`);
    const wait = await waitSeconds(tx, ip, email, now);
    if (wait) return { wait };
    const rows = await tx
      .insert(loginAttempts)
      .values(keysFor(ip, email).map(({ key }) => ({ key, at: now })))
      .returning({ id: loginAttempts.id });
    return { attemptIds: rows.map((r) => r.id) };
  });
}

async function waitSeconds(tx: Tx, ip: string, email: string, now: Date): Promise<number | undefined> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  let wait: number | undefined;
  for (const { key, limit } of keysFor(ip, email)) {
    const recent = await tx
      .select({ at: loginAttempts.at })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.key, key), gt(loginAttempts.at, since)))
      .orderBy(asc(loginAttempts.at))
      .limit(limit);
    if (recent.length < limit) continue;
    // The oldest counted attempt leaves the window first.
    const seconds = Math.max(1, Math.ceil((recent[0]!.at.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000));
    wait = Math.max(wait ?? 0, seconds);
  }
  return wait;
}

/**
 * A successful sign-in: its own attempt no longer counts, and this address's earlier failures are forgotten
 * (the per-account failures stay until they age out). A failed one needs nothing: it is already recorded.
 */
export async function settleSuccessfulLogin(db: Db, ip: string, email: string, attemptIds: string[]): Promise<void> {
  await db.delete(loginAttempts).where(inArray(loginAttempts.id, attemptIds));
  await db.delete(loginAttempts).where(eq(loginAttempts.key, keysFor(ip, email)[0]!.key));
}

/** Forgets attempts older than the window (run periodically). */
export async function sweepLoginAttempts(db: Db, now: Date): Promise<void> {
  await db.delete(loginAttempts).where(lte(loginAttempts.at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
}
