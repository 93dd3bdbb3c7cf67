// A CSV import reads each batch's customers while the batch before it is written. What it read can be a little old by
// the batch's turn: the batch must still land, on the contact the customer is now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { checkOrders, readCustomersAhead, storeOrderRows } from './import-orders.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`insert into workspaces (id) values (1) on conflict do nothing`);
});
afterAll(() => database.drop());

async function contactWith(email: string): Promise<string> {
  const id = randomUUID();
  await database.db.execute(sql`insert into contacts (id, name, search_text) values (${id}, 'Deniz Kaya', 'deniz kaya')`);
  await database.db.execute(sql`insert into contact_identities (contact_id, kind, value) values (${id}, 'email', ${email})`);
  return id;
}

const orderFor = (email: string, externalId: string) => ({ externalId, contact: { email }, placedAt: '2026-03-01T10:00:00Z', currency: 'TRY', total: '40.00' });

describe('an orders batch with its customers read ahead', () => {
  it('lands on the surviving contact when the customer it read was merged away before its turn', async () => {
    const email = `deniz-${randomUUID()}@example.com`;
    const merged = await contactWith(email);
    const survivor = await contactWith(`deniz-other-${randomUUID()}@example.com`);
    const { ready } = checkOrders([orderFor(email, `M-${randomUUID()}`)], 'TR');
    const ahead = readCustomersAhead(database, ready);
    expect((await ahead)?.get(`email:${email}`)?.contactId).toBe(merged);

    // What a merge leaves: the identity on the survivor, the merged contact gone.
    await database.db.execute(sql`update contact_identities set contact_id = ${survivor} where contact_id = ${merged}`);
    await database.db.execute(sql`delete from contacts where id = ${merged}`);

    const result = await storeOrderRows(database, ready, new Date(), ahead);
    expect(result).toMatchObject({ created: 1, contactIds: [survivor] });
    const owners = rowsOf<{ contact_id: string }>(await database.db.execute(sql`select contact_id from orders where external_id = ${ready[0]!.row.externalId}`));
    expect(owners).toEqual([{ contact_id: survivor }]);
  });

  it('uses a customer read ahead that is still current', async () => {
    const email = `ece-${randomUUID()}@example.com`;
    const id = await contactWith(email);
    const { ready } = checkOrders([orderFor(email, `C-${randomUUID()}`)], 'TR');
    const result = await storeOrderRows(database, ready, new Date(), readCustomersAhead(database, ready));
    expect(result).toMatchObject({ created: 1, contactIds: [id] });
  });
});
