// The distribution of predicted 12-month value (BG/NBD × Gamma-Gamma) over the workspace's scored buyers.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { workspaceCurrency } from './workspace-currency.ts';

const TARGET_BUCKETS = 10;

/** A round bucket width (1, 2 or 5 × a power of ten, at least one cent) giving about ten buckets up to `max`. */
export function bucketWidth(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / TARGET_BUCKETS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((s) => s * power >= raw)! * power;
  return Math.max(0.01, Number(step.toPrecision(12)));
}

const money = (n: number) => n.toFixed(2);

/** Equal-width buckets from 0; the last holds the maximum. Two aggregates, no rows read into JS. */
export async function predictedValueHistogram(db: Db) {
  const currency = await workspaceCurrency(db);
  const [stats] = rowsOf<{ n: number; max: string | null }>(
    await db.execute(sql`select count(*)::int as n, max(clv_predicted12m)::text as max from contact_value where orders > 0 and clv_predicted12m is not null`),
  );
  const contacts = Number(stats?.n ?? 0);
  if (!contacts) return { currency, contacts, width: null, buckets: [] };
  const width = bucketWidth(Number(stats!.max));
  const n = Math.floor(Number(stats!.max) / width) + 1;
  const rows = rowsOf<{ b: number; contacts: number }>(
    await db.execute(sql`select least(floor(clv_predicted12m / ${String(width)}::numeric)::int, ${n - 1}) as b, count(*)::int as contacts
      from contact_value where orders > 0 and clv_predicted12m is not null group by 1`),
  );
  return {
    currency,
    contacts,
    width: money(width),
    buckets: Array.from({ length: n }, (_, i) => ({ from: money(i * width), to: money((i + 1) * width), contacts: Number(rows.find((r) => Number(r.b) === i)?.contacts ?? 0) })),
  };
}
