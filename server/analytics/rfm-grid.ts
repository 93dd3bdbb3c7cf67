// The RFM grid: contacts and lifetime revenue per recency × frequency cell, and how many contacts each named segment holds.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { RFM_SEGMENTS, rfmSegment } from '../value/rfm-score.ts';
import { workspaceCurrency } from './workspace-currency.ts';

const SCORES = [1, 2, 3, 4, 5] as const;

export interface RfmCell {
  r: number;
  f: number;
  contacts: number;
  /** Lifetime spend of the cell's contacts in the workspace currency, a decimal string. */
  revenue: string;
}

/** Every one of the 25 cells (empty ones as zeros) from one group-by, and every segment: the sum of the cells it names. */
export async function rfmGrid(db: Db) {
  const rows = rowsOf<{ r: number; f: number; contacts: number; revenue: string; scored_at: string | Date | null }>(
    await db.execute(sql`select rfm_r as r, rfm_f as f, count(*)::int as contacts, sum(total_spent)::text as revenue, max(rfm_at) as scored_at
      from contact_value where rfm_segment is not null group by rfm_r, rfm_f`),
  );
  const cell = (r: number, f: number) => rows.find((row) => Number(row.r) === r && Number(row.f) === f);
  const latest = rows.reduce<Date | null>((max, row) => (row.scored_at && (!max || new Date(row.scored_at) > max) ? new Date(row.scored_at) : max), null);
  const cells = SCORES.flatMap((r) => SCORES.map((f): RfmCell => ({ r, f, contacts: Number(cell(r, f)?.contacts ?? 0), revenue: cell(r, f)?.revenue ?? '0.00' })));
  return {
    currency: await workspaceCurrency(db),
    scoredAt: latest,
    contacts: rows.reduce((sum, row) => sum + Number(row.contacts), 0),
    cells,
    segments: RFM_SEGMENTS.map((segment) => ({ segment, contacts: cells.filter((c) => rfmSegment(c.r, c.f) === segment).reduce((sum, c) => sum + c.contacts, 0) })),
  };
}
