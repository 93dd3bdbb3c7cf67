// Monthly cohort retention: a cohort is the customers whose first paid order fell in a month (in the workspace zone);
// for each later month, the share of the cohort that ordered again in it.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';

/** `YYYY-MM` plus `offset` months. */
export function addMonths(month: string, offset: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
}

export interface Cohort {
  month: string;
  /** Customers whose first paid order was in this month. */
  customers: number;
  /** One entry per month since, up to the current one: customers of the cohort with a paid order in it, and their share. */
  retention: { offset: number; customers: number; share: number | null }[];
}

/** The last `months` cohorts, oldest first, the current month included. Two group-bys over the window's orders. */
export async function cohortRetention(db: Db, now: Date, timeZone: string, months: number): Promise<{ months: number; cohorts: Cohort[] }> {
  const current = monthIn(now, timeZone);
  const first = addMonths(current, -(months - 1));
  const start = `${first}-01 00:00:00`;
  const rows = rowsOf<{ cohort: string; k: number; customers: number }>(
    // The window's start is turned into an instant once; only the cohort members' own orders are read (by the
    // (contact, placedAt) index), and only theirs are put into months.
    await db.execute(sql`with ws as (select time_zone as tz, (${start}::timestamp at time zone time_zone) as since from workspaces where id = 1),
      firsts as (
        select v.contact_id, date_trunc('month', v.first_order_at at time zone ws.tz) as cohort
        from contact_value v cross join ws
        where v.orders > 0 and v.first_order_at >= ws.since
      ),
      activity as (
        select distinct f.contact_id, f.cohort, date_trunc('month', o.placed_at at time zone ws.tz) as m
        from firsts f join orders o on o.contact_id = f.contact_id cross join ws
        where o.status = 'paid' and o.placed_at >= ws.since
      )
      select to_char(cohort, 'YYYY-MM') as cohort,
        ((extract(year from m) - extract(year from cohort)) * 12 + extract(month from m) - extract(month from cohort))::int as k,
        count(*)::int as customers
      from activity
      group by 1, 2`),
  );
  const count = (cohort: string, k: number) => Number(rows.find((r) => r.cohort === cohort && Number(r.k) === k)?.customers ?? 0);
  const cohorts = Array.from({ length: months }, (_, i): Cohort => {
    const month = addMonths(first, i);
    const customers = count(month, 0);
    return {
      month,
      customers,
      retention: Array.from({ length: months - 1 - i }, (_, j) => {
        const again = count(month, j + 1);
        return { offset: j + 1, customers: again, share: customers ? Math.round((again / customers) * 10_000) / 10_000 : null };
      }),
    };
  });
  return { months, cohorts };
}
