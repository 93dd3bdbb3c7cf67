// Bench figures for customer value: orders_import_rows_per_s (the orders CSV import, customers already known),
// rfm_recompute_ms and clv_fit_ms (the workspace pass), value_segment_count_ms (a segment on value figures),
// analytics_reads_ms (the Analytics screen's five reads, one after another).
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';
import { createLogger } from '../../server/logger.ts';
import { orderImportProgress, startOrderCsvImport } from '../../server/orders/index.ts';
import { recomputeRfm } from '../../server/value/index.ts';
import { refitClv } from '../../server/value/clv/index.ts';
import { previewSegment } from '../../server/segments/evaluate-segment.ts';
import { churnRiskContacts, cohortRetention, predictedValueHistogram, rfmGrid, segmentSizes } from '../../server/analytics/index.ts';

const DAY = 86_400_000;

type Line = (name: string, value: number, unit: string) => void;

export async function benchValue(database: Database, line: Line, sizes: { contacts: number; orders: number }) {
  const db = database.db;
  const now = new Date();
  await benchOrdersImport(database, line, sizes, now);
  await db.execute(sql`analyze`);

  let t0 = performance.now();
  await recomputeRfm(database, new Date());
  line('rfm_recompute_ms', Math.round(performance.now() - t0), 'ms');
  t0 = performance.now();
  await refitClv(database, new Date(), 'Europe/Istanbul');
  line('clv_fit_ms', Math.round(performance.now() - t0), 'ms');
  t0 = performance.now();
  const segment = await previewSegment(
    db,
    {
      all: [
        { field: 'contact.totalSpent', op: 'gt', value: 1000 },
        { field: 'contact.rfm.segment', op: 'in', value: ['Champions', 'Loyal'] },
      ],
    },
    new Date(),
  );
  line('value_segment_count_ms', Math.round(performance.now() - t0), 'ms');
  line('value_segment_count', segment.count, 'contacts');
  t0 = performance.now();
  await rfmGrid(db);
  await segmentSizes(db, now, 90);
  await cohortRetention(db, now, 'Europe/Istanbul', 12);
  await predictedValueHistogram(db);
  await churnRiskContacts(db, 100);
  line('analytics_reads_ms', Math.round(performance.now() - t0), 'ms');
}

/** orders_import_rows_per_s alone (BENCH_ONLY=orders-import): the known customers seeded, then the orders CSV imported. */
export async function benchOrdersImport(database: Database, line: Line, sizes: { contacts: number; orders: number }, now = new Date()) {
  const db = database.db;
  // Totals are in the workspace currency (TRY by default): the row the app creates at start-up.
  await db.execute(sql`insert into workspaces (id) values (1) on conflict do nothing`);
  await db.execute(sql`insert into contacts (id, name, search_text, first_seen_at)
    select gen_random_uuid(), 'Value Buyer ' || g, 'value buyer ' || g, now() - interval '800 days' from generate_series(1, ${sizes.contacts}) g`);
  await db.execute(sql`insert into contact_identities (contact_id, kind, value)
    select id, 'email', 'value-' || substr(search_text, 13) || '@example.com' from contacts where search_text like 'value buyer %'`);
  await db.execute(sql`analyze`);

  // Repeat buyers: a customer's orders spread over two years, some customers buying often, most rarely.
  const lines = ['order,email,placed,currency,total'];
  for (let i = 0; i < sizes.orders; i++) {
    // Skewed towards low numbers, so a few buy often and most once or twice.
    const buyer = 1 + Math.floor(sizes.contacts * ((i * 0.618_033_988_75) % 1) ** 2);
    const placed = new Date(now.getTime() - ((i * 104_729) % 700) * DAY - (i % 86_400) * 1000).toISOString();
    lines.push(`B-${i},value-${buyer}@example.com,${placed},TRY,${10 + ((i * 31) % 990)}.${String(i % 100).padStart(2, '0')}`);
  }
  const csv = new Blob([lines.join('\n')]).stream();
  const mapping = { order: 'externalId', email: 'email', placed: 'placedAt', currency: 'currency', total: 'total' } as const;
  const t0 = performance.now();
  const started = await startOrderCsvImport({ database, log: createLogger('silent'), region: 'TR', now: () => new Date() }, csv, mapping);
  await started.done;
  const seconds = (performance.now() - t0) / 1000;
  const report = await orderImportProgress(database, started.id);
  if (report?.status !== 'completed' || report.created !== sizes.orders) throw new Error(`orders import bench: ${JSON.stringify({ ...report, rejected: report?.rejected.slice(0, 3) })}`);
  line('orders_import_rows_per_s', Math.round(sizes.orders / seconds), 'rows/s');
}
