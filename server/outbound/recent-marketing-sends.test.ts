// The frequency cap reads each recipient's recent marketing before every campaign batch. Its cost must follow the batch's
// recipients, not the mail a campaign has already sent: planned on statistics taken while outbound mail was rare (PGlite
// analyzes hourly), it read every outbound message per call, so a 10,000-mail campaign slowed as it went.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { recentMarketingSends } from './recent-marketing-sends.ts';

const NOW = new Date('2026-06-15T10:00:00Z');
let database: TestDatabase;
let recipients: string[];

/** `count` contacts with one conversation each, under `name`; returns their ids. */
async function contactsWithThreads(name: string, count: number): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await database.db.execute(sql`
      with c as (insert into contacts (name, search_text) select ${name} || ' ' || g, ${name} from generate_series(1, ${count}) g returning id)
      insert into conversations (contact_id, token, status, last_activity_at) select id, md5(random()::text), 'open', now() from c returning contact_id as id`),
  );
  return rows.map((r) => r.id);
}

/** Outbound messages in each of the contacts' threads, `hoursAgo` before NOW. */
async function sendTo(contactIds: string[], purpose: 'marketing' | 'service', hoursAgo: number, priv = false) {
  await database.db.execute(sql`
    insert into messages (conversation_id, contact_id, direction, sender_type, text, status, purpose, private, sent_at, idempotency_key)
    select c.id, c.contact_id, 'out', 'automation', 'offer', 'sent', ${purpose}, ${priv}, ${NOW.toISOString()}::timestamptz - ${hoursAgo} * interval '1 hour', gen_random_uuid()::text
    from conversations c where c.contact_id = any(${`{${contactIds.join(',')}}`}::uuid[])`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  recipients = await contactsWithThreads('Recipient', 50);
  const earlier = await contactsWithThreads('Earlier recipient', 8_000);
  // Statistics taken while no outbound mail existed, then a campaign's first 8,000 mails: what the planner believes
  // in the middle of a campaign until the next ANALYZE.
  await database.db.execute(sql`analyze`);
  await sendTo(earlier, 'marketing', 1);
  await sendTo(recipients.slice(0, 10), 'marketing', 2);
  await sendTo(recipients.slice(0, 10), 'marketing', 24 * 10); // outside a 7-day cap
  await sendTo(recipients.slice(10, 20), 'service', 2);
  await sendTo(recipients.slice(20, 30), 'marketing', 2, true); // a private note
}, 180_000);
afterAll(() => database.drop());

describe('recent marketing sends, for the frequency cap', () => {
  it("counts only marketing sent to the customer within the cap's days: no service message, no private note", async () => {
    const recent = await recentMarketingSends(database.db, recipients, NOW, 7);
    expect([...recent.keys()].sort()).toEqual(recipients.slice(0, 10).sort());
    for (const at of recent.values()) expect(at).toEqual([new Date(NOW.getTime() - 2 * 3_600_000)]);
  });

  it("reads the batch's recipients' own messages, not the mail already sent to others, whatever the statistics", async () => {
    const fetched = await database.db.transaction(async (tx) => {
      await recentMarketingSends(tx, recipients, NOW, 7);
      // This transaction's own reads of the messages table, as Postgres counts them.
      const [row] = rowsOf<{ fetched: string }>(
        await tx.execute(sql`select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text as fetched from pg_stat_xact_user_tables where relname = 'messages'`),
      );
      return Number(row?.fetched ?? 0);
    });
    expect(fetched).toBeLessThan(200);
  });
});
