// The admin's currency rates into the workspace currency; changing them re-totals every contact's figures.
import { asc, eq, ne, or, sql } from 'drizzle-orm';
import type { Database, Db, Tx } from '../db/client.ts';
import { currencyRates, workspaces } from '../db/schema/index.ts';
import { transact } from '../events/record-event.ts';
import { recomputeContactValue } from './recompute-contact-value.ts';

export async function listCurrencyRates(db: Db) {
  const [ws] = await db.select({ currency: workspaces.currency }).from(workspaces).limit(1);
  const currency = ws?.currency ?? 'TRY';
  // The workspace currency is always 1: a row for it (left by a currency change before rates were converted) is not listed.
  const rows = await db.select().from(currencyRates).where(ne(currencyRates.currency, currency)).orderBy(asc(currencyRates.currency));
  return { currency, rates: Object.fromEntries(rows.map((r) => [r.currency, r.rate])) };
}

/**
 * A new workspace currency: rates in units of the old currency become units of the new one, divided by the new
 * currency's old rate, and the old currency gets its inverse (TRY → USD with USD 34.25: EUR 37 → 1.08029197,
 * TRY 0.02919708). Without a rate for the new currency they cannot be converted, and are cleared rather than read in
 * the wrong unit (every total off by that missing rate). The caller re-totals in the same transaction.
 */
export async function convertCurrencyRates(tx: Tx, from: string, to: string, now: Date): Promise<void> {
  if (from === to) return;
  const [pivot] = await tx.select({ rate: currencyRates.rate }).from(currencyRates).where(eq(currencyRates.currency, to));
  if (!pivot) {
    await tx.delete(currencyRates).where(sql`true`);
    return;
  }
  const per = sql`${pivot.rate}::numeric`;
  await tx
    .update(currencyRates)
    // A quotient past numeric(18, 8)'s ten whole digits would fail the change: that rate is dropped instead, as is one
    // too small for 8 decimals (0 once rounded) below.
    .set({ rate: sql`case when ${currencyRates.rate} / ${per} < 1e10 then round(${currencyRates.rate} / ${per}, 8) else 0 end`, updatedAt: now })
    .where(ne(currencyRates.currency, to));
  await tx
    .insert(currencyRates)
    .values({ currency: from, rate: sql`round(1 / ${per}, 8)`, updatedAt: now })
    .onConflictDoUpdate({ target: currencyRates.currency, set: { rate: sql`excluded.rate`, updatedAt: now } });
  await tx.delete(currencyRates).where(or(eq(currencyRates.currency, to), eq(currencyRates.rate, '0')));
}

/** Replaces the whole table (a currency left out has no rate any more) and re-totals in the same transaction. */
export async function replaceCurrencyRates(database: Database, rates: Record<string, string>, now: Date) {
  await transact(database, async (tx) => {
    await tx.delete(currencyRates).where(sql`true`);
    const entries = Object.entries(rates);
    if (entries.length) await tx.insert(currencyRates).values(entries.map(([currency, rate]) => ({ currency, rate, updatedAt: now })));
    await recomputeContactValue(tx, 'all', now);
  });
  return listCurrencyRates(database.db);
}
