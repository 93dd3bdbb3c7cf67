// POST /api/events/track: customer events (cart_abandoned, product_viewed …) stored against the resolved contact.
// Events are facts, not state: each call adds rows (no idempotency key is asked of callers).
import type { Database } from '../db/client.ts';
import { customerEvents } from '../db/schema/index.ts';
import { recordEvents, transact } from '../events/record-event.ts';
import { checkRows, eventRow, type Rejection } from './order-input.ts';
import { customerIdentities, resolveCustomers, unusableCustomer } from './resolve-customers.ts';

export async function trackEvents(database: Database, rows: unknown[], options: { region: string; now: Date }): Promise<{ created: number; rejected: Rejection[] }> {
  const { valid, rejected } = checkRows(eventRow, rows);
  const ready = valid.flatMap(({ index, row }) => {
    const identities = customerIdentities(row.contact, row.source, options.region);
    const reason = unusableCustomer(row.contact, identities);
    if (reason) {
      rejected.push({ index, code: 'invalid_contact', message: reason });
      return [];
    }
    return [{ row, identities }];
  });
  rejected.sort((a, b) => a.index - b.index);
  if (!ready.length) return { created: 0, rejected };
  await transact(database, async (tx) => {
    const contactIds = await resolveCustomers(
      tx,
      ready.map((r) => ({ identities: r.identities, name: r.row.contact.name })),
      options.now,
      'event',
    );
    const rows = ready.map(({ row }, i) => ({ contactId: contactIds[i]!, name: row.name, properties: row.properties, occurredAt: row.occurredAt ?? options.now }));
    await tx.insert(customerEvents).values(rows);
    await recordEvents(
      tx,
      rows.map((r) => ({
        type: 'event.tracked',
        contactId: r.contactId,
        payload: { name: r.name, properties: r.properties, occurredAt: r.occurredAt.toISOString(), recordedAt: options.now.toISOString() },
      })),
    );
  });
  return { created: ready.length, rejected };
}
