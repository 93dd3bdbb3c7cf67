// POST /api/orders: checks each row, resolves the customers, and stores the good rows in one transaction.
import type { Database } from '../db/client.ts';
import { transact } from '../events/record-event.ts';
import { checkRows, orderRow, type OrderRow, type Rejection } from './order-input.ts';
import { PG, pgErrorCode } from '../db/pg-error.ts';
import { customerIdentities, findKnownIdentities, resolveCustomers, unusableCustomer, type KnownIdentities } from './resolve-customers.ts';
import { storeOrders } from './store-orders.ts';

export interface ImportOrdersResult {
  created: number;
  updated: number;
  rejected: Rejection[];
  contactIds: string[];
}

/** A row that passed the checks, with its customer's identities: what storeOrderRows writes. */
export interface ReadyOrder {
  index: number;
  row: OrderRow;
  identities: ReturnType<typeof customerIdentities>;
}

/** Checks rows (CPU only): the ones ready to store and the rejects in words, by index. */
export function checkOrders(rows: unknown[], region: string): { ready: ReadyOrder[]; rejected: Rejection[] } {
  const { valid, rejected } = checkRows(orderRow, rows);
  // The same order twice in one call: the later row is the newer truth, the earlier one is refused in words.
  const last = new Map<string, number>();
  for (const { index, row } of valid) last.set(orderKey(row), index);
  const ready: ReadyOrder[] = [];
  for (const { index, row } of valid) {
    const kept = last.get(orderKey(row))!;
    if (kept !== index) {
      rejected.push({ index, code: 'duplicate', message: `order ${row.externalId} of source ${row.source} appears again at index ${kept}, which is the one kept` });
      continue;
    }
    const identities = customerIdentities(row.contact, row.source, region);
    const reason = unusableCustomer(row.contact, identities);
    if (reason) rejected.push({ index, code: 'invalid_contact', message: reason });
    else ready.push({ index, row, identities });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { ready, rejected };
}

const orderKey = (row: OrderRow) => `${row.source}\u0000${row.externalId}`;

/**
 * The customers of checked rows as stored now, read outside any transaction: an import reads the next batch's while the
 * current one is written, so the lookup is off the batch's own critical path.
 */
export function readCustomersAhead(database: Database, ready: ReadyOrder[]): Promise<KnownIdentities | undefined> {
  // A failed read is no failure of the import: the batch then reads its customers itself.
  return findKnownIdentities(
    database.db,
    ready.map((r) => ({ identities: r.identities })),
  ).catch(() => undefined);
}

/**
 * Resolves the customers of checked rows and stores the orders, in one transaction. `readAhead` (readCustomersAhead)
 * may be a little old: a customer it names that was merged away or erased since fails the orders' foreign key, and
 * the batch is then written again with its customers read inside the transaction.
 */
export async function storeOrderRows(database: Database, ready: ReadyOrder[], now: Date, readAhead?: Promise<KnownIdentities | undefined>): Promise<Omit<ImportOrdersResult, 'rejected'>> {
  if (!ready.length) return { created: 0, updated: 0, contactIds: [] };
  const known = await readAhead;
  const store = (readBefore: KnownIdentities | undefined) =>
    transact(database, async (tx) => {
      const contactIds = await resolveCustomers(
        tx,
        ready.map((r) => ({ identities: r.identities, name: r.row.contact.name })),
        now,
        'order',
        readBefore,
      );
      return storeOrders(
        tx,
        ready.map(({ row }, i) => ({
          source: row.source,
          externalId: row.externalId,
          contactId: contactIds[i]!,
          placedAt: row.placedAt,
          currency: row.currency,
          total: row.total,
          status: row.status,
          items: row.items,
        })),
        now,
      );
    });
  if (!known) return store(undefined);
  try {
    return await store(known);
  } catch (error) {
    if (pgErrorCode(error) !== PG.foreignKeyViolation) throw error;
    return store(undefined);
  }
}

export async function importOrders(database: Database, rows: unknown[], options: { region: string; now: Date }): Promise<ImportOrdersResult> {
  const { ready, rejected } = checkOrders(rows, options.region);
  return { ...(await storeOrderRows(database, ready, options.now)), rejected };
}
