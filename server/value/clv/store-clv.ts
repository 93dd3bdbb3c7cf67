// Keeps a fit and writes each customer's scores beside their other figures, in chunks.
import { desc, sql } from 'drizzle-orm';
import { tsParam, type Database, type Db } from '../../db/client.ts';
import { sqlArray } from '../../db/sql-array.ts';
import { clvFits } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { fitClv } from './fit-clv.ts';

const CHUNK = 10_000;

/** The workspace pass: fit on everything up to today (in the workspace zone) and store; too little data is not an error here. */
export async function refitClv(database: Database, now: Date, timeZone: string): Promise<boolean> {
  const asOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  let result;
  try {
    result = await fitClv(database.db, asOf);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_enough_data') return false;
    throw error;
  }
  await database.db.transaction(async (tx) => {
    await tx.insert(clvFits).values({ asOf, fit: result.fit, fittedAt: now });
    for (let i = 0; i < result.contacts.length; i += CHUNK) {
      const part = result.contacts.slice(i, i + CHUNK);
      await tx.execute(sql`update contact_value v set clv_p_alive = s.p, clv_expected90d = s.e, clv_predicted12m = round(s.v, 2), clv_at = ${tsParam(now)}
        from unnest(${sqlArray(
          part.map((c) => c.contactId),
          'uuid',
        )}, ${sqlArray(
          part.map((c) => String(c.pAlive)),
          'text',
        )}::float8[],
          ${sqlArray(
            part.map((c) => String(c.expected90d)),
            'text',
          )}::float8[], ${sqlArray(
            part.map((c) => (c.predicted12m === null ? null : c.predicted12m.toFixed(4))),
            'text',
          )}::numeric[]) as s(id, p, e, v)
        where v.contact_id = s.id`);
    }
  });
  return true;
}

export async function latestClvFit(db: Db) {
  const [row] = await db.select().from(clvFits).orderBy(desc(clvFits.fittedAt)).limit(1);
  return row?.fit;
}
