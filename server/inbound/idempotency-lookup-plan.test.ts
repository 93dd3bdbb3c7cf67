// Per-message lookups run as prepared statements, so their cached generic plans must reach the row through the index
// made for them even when the plan was made while the table was empty (a new workspace's first minutes, before the
// first ANALYZE). Before, the duplicate check tied with the (channel, external id) index and then read every message of
// the channel for each inbound message: ingest into a fresh database ran at a third of its speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** The generic plan Postgres caches for `statement` (parameters $1… typed by `types`), bound to `args`. */
async function genericPlan(types: string, statement: string, args: string): Promise<string> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    await tx.execute(sql.raw(`prepare lookup(${types}) as ${statement}`));
    try {
      const rows = rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(sql.raw(`explain execute lookup(${args})`)));
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await tx.execute(sql.raw('deallocate lookup'));
    }
  });
}

const CHANNEL = `'00000000-0000-4000-8000-000000000000'`;

describe('per-message lookups on an empty messages table', () => {
  it('the inbound duplicate check uses the idempotency index', async () => {
    const plan = await genericPlan(
      'uuid, text, text',
      'select idempotency_key, id, conversation_id, contact_id from messages where channel_id = $1 and direction = $2 and idempotency_key = $3',
      `${CHANNEL}, 'in', 'key'`,
    );
    expect(plan).toContain('messages_idempotency_idx');
    expect(plan).toMatch(/Index Cond: .*idempotency_key/);
  });

  it('a delivery receipt finds its message by the external id', async () => {
    const plan = await genericPlan(
      'uuid, text, text, text[]',
      'select id from messages where channel_id = $1 and direction = $2 and external_id = $3 and status = any($4)',
      `${CHANNEL}, 'out', 'SM123', '{queued,sent}'`,
    );
    expect(plan).toMatch(/Index Cond: .*external_id/);
  });
});

// A group-commit batch reads for all its senders at once: the same guarantees, one index lookup per key or contact.
describe('batch lookups on an empty messages table', () => {
  it("the batch duplicate check looks each key up in the idempotency index, never reading the channel's messages", async () => {
    const plan = await genericPlan(
      'text, uuid',
      `select k.key, m.id from unnest($1::text[]) as k(key)
        cross join lateral (select id from messages where channel_id = $2 and direction = 'in' and idempotency_key = k.key limit 1) m`,
      `'{a,b,c}', ${CHANNEL}`,
    );
    expect(plan).toMatch(/Index Cond: .*idempotency_key = k\.key/);
  });

  it("a batch's open conversations are found through the contact's own conversations, newest first", async () => {
    const plan = await genericPlan(
      'text',
      `select c.id, o.id from unnest($1::uuid[]) as c(id)
        cross join lateral (select id, status from conversations where contact_id = c.id and status <> 'resolved' order by last_activity_at desc limit 1) o`,
      `'{${CHANNEL.slice(1, -1)}}'`,
    );
    expect(plan).toContain('conversations_contact_activity_idx');
  });
});
