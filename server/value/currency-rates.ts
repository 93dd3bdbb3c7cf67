// The admin's currency rates into the workspace currency; changing them re-totals every contact's figures.
import { asc, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import { currencyRates, workspaces } from '../db/schema/index.ts';
import { transact } from '../events/record-event.ts';
import { recomputeContactValue } from './recompute-contact-value.ts';

export async function listCurrencyRates(db: Db) {
  const [ws] = await db.select({ currency: workspaces.currency }).from(workspaces).limit(1);
  const rows = await db.select().from(currencyRates).orderBy(asc(currencyRates.currency));
  return { currency: ws?.currency ?? 'TRY', rates: Object.fromEntries(rows.map((r) => [r.currency, r.rate])) };
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
