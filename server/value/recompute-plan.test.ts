// An orders import recomputes a few contacts' figures per batch, in the batch's transaction. The plan must reach their
// orders through the contact's index even when it was made while the orders table looked small (a new workspace's
// import, before ANALYZE caught up): planned as a join, it read the whole orders table for every batch, so a
// 1,000,000-order import spent more on each batch the further it got.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { recomputeContactValue } from './recompute-contact-value.ts';

let database: TestDatabase;
const contactIds: string[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  // Totals are in the workspace currency (TRY by default).
  await db.execute(sql`insert into workspaces (id) values (1) on conflict do nothing`);
  for (let i = 0; i < 400; i++) contactIds.push(randomUUID());
  await db.execute(sql`insert into contacts (id, name, search_text) select id, 'Buyer', 'buyer' from unnest(${`{${contactIds.join(',')}}`}::uuid[]) id`);
  // Statistics taken on the empty table, then 40,000 orders: what the planner believes during an import's first minutes.
  await db.execute(sql`analyze orders`);
  await db.execute(sql`insert into orders (source, external_id, contact_id, placed_at, currency, total, status)
    select 'api', 'O-' || g, (${`{${contactIds.join(',')}}`}::uuid[])[1 + g % 400], now() - g * interval '1 hour', 'TRY', 100, 'paid'
    from generate_series(1, 40000) g`);
}, 120_000);
afterAll(() => database.drop());

/** The statement recomputeContactValue sends, captured instead of run. */
async function statementFor(ids: string[]): Promise<SQL> {
  let captured: SQL | undefined;
  const capture = { execute: async (query: SQL) => ((captured = query), { rows: [] }) } as unknown as DbOrTx;
  await recomputeContactValue(capture, ids, new Date());
  return captured!;
}

describe("recomputing a batch's contacts on an orders table whose statistics are stale", () => {
  it("reads each contact's orders through the contact index, never the whole table", async () => {
    const statement = await statementFor(contactIds.slice(0, 3));
    const plan = rowsOf<{ 'QUERY PLAN': string }>(await database.db.execute(sql`explain ${statement}`))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).not.toMatch(/Seq Scan on orders/);
    expect(plan).toMatch(/Index (Only )?Scan using orders_contact_id_placed_at_index|Bitmap Index Scan on orders_contact_id_placed_at_index/);
  });

  it('still writes the figures from every paid order of those contacts', async () => {
    await recomputeContactValue(database.db, contactIds.slice(0, 2), new Date());
    const rows = rowsOf<{ orders: number; total_spent: string }>(
      await database.db.execute(sql`select orders, total_spent from contact_value where contact_id = any(${`{${contactIds.slice(0, 2).join(',')}}`}::uuid[])`),
    );
    expect(rows).toEqual([
      { orders: 100, total_spent: '10000.00' },
      { orders: 100, total_spent: '10000.00' },
    ]);
  });
});
