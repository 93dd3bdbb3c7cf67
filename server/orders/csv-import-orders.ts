// Server-side CSV import of orders: the contacts import's parser and upload form, rows mapped to orders (consecutive
// rows of one order are its items), written in batches through importOrders (idempotent on source and externalId).
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { orderImports } from '../db/schema/index.ts';
import { parseInChunks } from '../contacts/csv-import.ts';
import { importProgressOf, rejectKeeper, startImportJob, type ImportJobDeps } from '../contacts/import-job.ts';
import { withKeyedWrites } from '../lib/keyed-writes.ts';
import { checkOrders, readCustomersAhead, storeOrderRows } from './import-orders.ts';

export const ORDER_CSV_FIELDS = [
  'externalId',
  'source',
  'email',
  'phone',
  'customerId',
  'name',
  'placedAt',
  'currency',
  'total',
  'status',
  'sku',
  'itemName',
  'category',
  'quantity',
  'unitPrice',
] as const;
type Field = (typeof ORDER_CSV_FIELDS)[number];

/** CSV column → order field; a column left out is not imported. */
export const orderColumnMapping = z
  .record(z.string().min(1).max(200), z.enum(ORDER_CSV_FIELDS))
  .refine((m) => ['externalId', 'placedAt', 'currency', 'total'].every((f) => Object.values(m).includes(f as Field)), 'map columns to externalId, placedAt, currency and total')
  .refine((m) => Object.values(m).some((f) => f === 'email' || f === 'phone' || f === 'customerId'), 'map a column to email, phone or customerId (every order needs its customer)');
export type OrderColumnMapping = z.infer<typeof orderColumnMapping>;

/** Orders written per transaction: each order row binds a dozen parameters, well under Postgres's 65,535. */
export const ORDER_IMPORT_BATCH = 2_000;

/** A time with no offset ("2026-01-05 10:00", "2026-01-05") is read as UTC. */
function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(value);
  return m ? `${m[1]}T${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}Z` : value;
}

interface CsvOrder {
  row: number;
  order: Record<string, unknown>;
}

/** One CSV row's fields by the mapping (blank cells left out). */
function pick(raw: Record<string, string | undefined>, mapping: OrderColumnMapping): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const [column, field] of Object.entries(mapping)) {
    const value = raw[column]?.trim();
    if (value) out[field] = value;
  }
  return out;
}

function toOrder(f: Partial<Record<Field, string>>): Record<string, unknown> {
  return {
    externalId: f.externalId,
    ...(f.source && { source: f.source }),
    contact: { email: f.email, phone: f.phone, externalId: f.customerId, name: f.name },
    placedAt: isoTime(f.placedAt),
    currency: f.currency?.toUpperCase(),
    total: f.total,
    ...(f.status && { status: f.status.toLowerCase() }),
    items: [],
  };
}

function addItem(order: Record<string, unknown>, f: Partial<Record<Field, string>>) {
  if (f.unitPrice === undefined && !f.sku && !f.itemName) return;
  const quantity = f.quantity === undefined ? 1 : Number(f.quantity);
  (order.items as unknown[]).push({ sku: f.sku, name: f.itemName, category: f.category, quantity: Number.isNaN(quantity) ? f.quantity : quantity, unitPrice: f.unitPrice ?? '0' });
}

export interface OrderCsvDeps extends ImportJobDeps {
  region: string;
  /** Called once the figures changed (the workspace value pass is debounced behind it). */
  onStored?: () => void;
}

export function startOrderCsvImport(deps: OrderCsvDeps, file: ReadableStream<Uint8Array>, mapping: OrderColumnMapping): Promise<{ id: string; done: Promise<void> }> {
  return startImportJob(deps, orderImports, 'order', (id) => runImport(deps, id, file, mapping));
}

async function runImport(deps: OrderCsvDeps, id: string, file: ReadableStream<Uint8Array>, mapping: OrderColumnMapping) {
  const { database } = deps;
  let pending: CsvOrder[] = [];
  let current: (CsvOrder & { key: string }) | undefined;
  let pendingRows = 0;
  const keep = rejectKeeper();
  // One batch is written while the next is checked. Never two at once: an order's place among its customer's orders
  // (order.placed's nth, the "first order" trigger) and the value figures need each customer's orders stored in turn,
  // and a customer may be named by different identities in two batches (no shared key to hold one back).
  await withKeyedWrites(1, async (writes) => {
    const write = async () => {
      const batch = pending;
      const rows = pendingRows;
      pending = [];
      pendingRows = 0;
      if (!batch.length) return;
      const { ready, rejected: rejectedAll } = checkOrders(
        batch.map((b) => b.order),
        deps.region,
      );
      const rejected = keep(rejectedAll).map((r) => ({ row: batch[r.index]!.row, reason: r.message }));
      // Read while the batch before is written, on another connection (Postgres): off this batch's own path.
      const customers = readCustomersAhead(database, ready);
      await writes.submit([], async () => {
        const result = await storeOrderRows(database, ready, deps.now(), customers);
        await database.db
          .update(orderImports)
          .set({
            total: sql`${orderImports.total} + ${rows}`,
            processed: sql`${orderImports.processed} + ${rows}`,
            created: sql`${orderImports.created} + ${result.created}`,
            updated: sql`${orderImports.updated} + ${result.updated}`,
            rejected: sql`${orderImports.rejected} || ${JSON.stringify(rejected)}::jsonb`,
            updatedAt: deps.now(),
          })
          .where(eq(orderImports.id, id));
        if (result.created || result.updated) deps.onStored?.();
      });
    };
    await parseInChunks(await new Response(file).text(), async (records) => {
      for (const { row, cells } of records) {
        const f = pick(cells, mapping);
        const key = `${f.source ?? ''}\u0000${f.externalId ?? `#${row}`}`;
        // Rows of one order come together (one per item); a batch never splits an order.
        if (current?.key !== key) {
          if (pending.length >= ORDER_IMPORT_BATCH) await write();
          current = { key, row, order: toOrder(f) };
          pending.push(current);
        }
        addItem(current.order, f);
        pendingRows++;
      }
    });
    await write();
  });
}

export async function orderImportProgress(database: Database, id: string) {
  const [row] = await database.db.select().from(orderImports).where(eq(orderImports.id, id));
  return row && importProgressOf(row);
}
