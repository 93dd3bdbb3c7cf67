// Keeps a fit and writes each customer's scores and churn risk beside their other figures, in chunks; a buyer who
// enters churn risk gets a `churn_risk.entered` event in the same transaction (once per entry, not while they stay).
import { desc, eq, sql } from 'drizzle-orm';
import { tsParam, type Database, type Db, type Tx } from '../../db/client.ts';
import { sqlArray } from '../../db/sql-array.ts';
import { clvFits, workspaces } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { atChurnRisk } from '../churn-risk.ts';
import { fitClv, type ContactClv } from './fit-clv.ts';

const CHUNK = 10_000;

/** The day the workspace pass fits as of: today in the workspace time zone, as YYYY-MM-DD. */
export const passAsOf = (now: Date, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** The workspace pass: fit on everything up to today (in the workspace zone) and store; too little data is not an error here. */
export async function refitClv(database: Database, now: Date, timeZone: string): Promise<boolean> {
  const asOf = passAsOf(now, timeZone);
  let result;
  try {
    result = await fitClv(database.db, asOf);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_enough_data') return false;
    throw error;
  }
  const [ws] = await database.db.select({ threshold: workspaces.churnRiskThreshold }).from(workspaces).where(eq(workspaces.id, 1));
  const atRisk = atChurnRisk(result.contacts, ws?.threshold ?? 0.5);
  await database.db.transaction(async (tx) => {
    await tx.insert(clvFits).values({ asOf, fit: result.fit, fittedAt: now });
    for (let i = 0; i < result.contacts.length; i += CHUNK) await storeChunk(tx, result.contacts.slice(i, i + CHUNK), atRisk, now);
    // A buyer left out of this fit (their orders refunded or cancelled) is no longer scored, so no longer at risk.
    await tx.execute(sql`update contact_value set churn_risk = false, churn_risk_since = null where churn_risk and clv_at is distinct from ${tsParam(now)}`);
  });
  database.wake();
  return true;
}

async function storeChunk(tx: Tx, part: ContactClv[], atRisk: Set<string>, now: Date): Promise<void> {
  const scores = sql`unnest(${sqlArray(
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
    )}::numeric[], ${sqlArray(
      part.map((c) => String(atRisk.has(c.contactId))),
      'text',
    )}::boolean[]) as s(id, p, e, v, risk)`;
  // Read before the update below changes churn_risk: only a transition into risk is an event.
  await tx.execute(sql`insert into domain_events (type, contact_id, payload)
    select 'churn_risk.entered', v.contact_id, jsonb_build_object('pAlive', s.p, 'predicted12m', round(s.v, 2))
    from contact_value v join ${scores} on v.contact_id = s.id
    where s.risk and not v.churn_risk`);
  await tx.execute(sql`update contact_value v set clv_p_alive = s.p, clv_expected90d = s.e, clv_predicted12m = round(s.v, 2), clv_at = ${tsParam(now)},
      churn_risk = s.risk,
      churn_risk_since = case when not s.risk then null when v.churn_risk then v.churn_risk_since else ${tsParam(now)} end
    from ${scores}
    where v.contact_id = s.id`);
}

export async function latestClvFit(db: Db) {
  const [row] = await db.select().from(clvFits).orderBy(desc(clvFits.fittedAt)).limit(1);
  return row?.fit;
}
