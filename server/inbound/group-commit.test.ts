import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { batchedIngestDeps as batched, inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import { contactIdentities, conversations, domainEvents, messages } from '../db/schema/index.ts';
import { openDatabase, rowsOf, type Database } from '../db/client.ts';
import { ingestMessage } from './ingest-message.ts';
import { GroupCommitter } from './group-commit.ts';

const from = (value: string) => ({ identities: [{ kind: 'api' as const, value }] });

describe('group commit of inbound messages', () => {
  let database: TestDatabase;
  /** Another connection (Postgres), to see what is committed; PGlite has one, which sees only committed work between transactions. */
  let other: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    other = database.url ? await openDatabase({ databaseUrl: database.url, max: 1 }) : database;
  });
  afterAll(async () => {
    if (other !== database) await other.close();
    await database.drop();
  });

  it('commits the rest of a batch and refuses only the message that breaks a constraint', async () => {
    const channel = await insertChannel(database, 'api');
    const deps = batched(database, 4);
    // A channel that does not exist: its conversation breaks the foreign key, in the batch and again alone.
    const gone = { id: randomUUID(), kind: 'api' };
    const keys = ['poison-a', 'poison-b', 'poison-c'];
    const outcomes = await Promise.allSettled([
      ingestMessage(deps, channel, inbound({ idempotencyKey: keys[0], from: from('p-1') })),
      ingestMessage(deps, gone, inbound({ idempotencyKey: 'poison-bad', from: from('p-2') })),
      ingestMessage(deps, channel, inbound({ idempotencyKey: keys[1], from: from('p-3') })),
      ingestMessage(deps, channel, inbound({ idempotencyKey: keys[2], from: from('p-2') })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const stored = await other.db
      .select({ key: messages.idempotencyKey })
      .from(messages)
      .where(inArray(messages.idempotencyKey, [...keys, 'poison-bad']));
    expect(stored.map((r) => r.key).sort()).toEqual(keys);
    // Each stored message fires its own event.
    const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.messageId] : []));
    const received = await other.db.select().from(domainEvents).where(inArray(domainEvents.messageId, ids));
    expect(received.filter((e) => e.type === 'message.received')).toHaveLength(3);
  });

  it('stores two copies of one provider message in a batch once', async () => {
    const channel = await insertChannel(database, 'api');
    const deps = batched(database, 3);
    const copy = () => inbound({ idempotencyKey: 'twice-1', from: from('twice') });
    const results = await Promise.all([ingestMessage(deps, channel, copy()), ingestMessage(deps, channel, inbound({ from: from('once') })), ingestMessage(deps, channel, copy())]);
    expect(results[0]!.messageId).toBe(results[2]!.messageId);
    expect([results[0]!.created, results[2]!.created].sort()).toEqual([false, true]);
    const rows = await other.db.select().from(messages).where(eq(messages.idempotencyKey, 'twice-1'));
    expect(rows).toHaveLength(1);
    // And across batches: the same message again is answered with the stored one.
    const again = await Promise.all([ingestMessage(deps, channel, copy()), ingestMessage(deps, channel, copy()), ingestMessage(deps, channel, copy())]);
    expect(again.every((r) => r.messageId === results[0]!.messageId && !r.created)).toBe(true);
  });

  it('stores copies of one message from two new senders once, creating nothing for the second sender', async () => {
    const channel = await insertChannel(database, 'api');
    const deps = batched(database, 2);
    // A mailing list's copy: the same provider message, its sender rewritten.
    const results = await Promise.all([
      ingestMessage(deps, channel, inbound({ idempotencyKey: 'list-copy-1', from: from('list-author') })),
      ingestMessage(deps, channel, inbound({ idempotencyKey: 'list-copy-1', from: from('list-itself') })),
    ]);
    expect(results[1]!.messageId).toBe(results[0]!.messageId);
    expect(results.map((r) => r.created)).toEqual([true, false]);
    expect(await other.db.select().from(contactIdentities).where(eq(contactIdentities.value, 'list-itself'))).toEqual([]);
    const [empty] = rowsOf<{ n: number }>(
      await other.db.execute(sql`select count(*)::int as n from conversations c where c.channel_id = ${channel.id} and not exists (select 1 from messages m where m.conversation_id = c.id)`),
    );
    expect(empty!.n).toBe(0);
  });

  it("threads a new sender's mail to a conversation's own address into that conversation, in a batch as alone", async () => {
    const email = await insertChannel(database, 'email');
    const first = await ingestMessage(ingestDeps(database), email, inbound({ from: { identities: [{ kind: 'email', value: 'musteri@example.com' }] } }));
    const [conv] = await other.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    const deps = batched(database, 2);
    const [byToken] = await Promise.all([
      ingestMessage(deps, email, inbound({ from: { identities: [{ kind: 'email', value: 'muhasebe@example.com' }] }, threading: { conversationToken: conv!.token } })),
      ingestMessage(deps, email, inbound({ from: { identities: [{ kind: 'email', value: 'baska@example.com' }] } })),
    ]);
    expect(byToken!.conversationId).toBe(first.conversationId);
  });

  it('puts two messages of one customer, written from two of their addresses, in one conversation, in a batch as alone', async () => {
    const channel = await insertChannel(database, 'api');
    const earlier = await ingestMessage(ingestDeps(database), channel, inbound({ from: from('two-a') }));
    // The same customer's second address (as a merge leaves it); their conversation is over.
    await database.db.insert(contactIdentities).values({ contactId: earlier.contactId, kind: 'api', value: 'two-b' });
    await database.db.update(conversations).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(conversations.id, earlier.conversationId));
    const deps = batched(database, 2);
    const results = await Promise.all([ingestMessage(deps, channel, inbound({ from: from('two-a') })), ingestMessage(deps, channel, inbound({ from: from('two-b') }))]);
    expect(results.map((r) => r.contactId)).toEqual([earlier.contactId, earlier.contactId]);
    expect(results[1]!.conversationId).toBe(results[0]!.conversationId);
  });

  it('answers each caller only once the batch is committed', async () => {
    const channel = await insertChannel(database, 'api');
    const deps = batched(database, 3);
    const seen: number[] = [];
    const settled: string[] = [];
    const submit = (key: string) =>
      ingestMessage(deps, channel, inbound({ idempotencyKey: key, from: from(key) })).then(async (r) => {
        settled.push(key);
        // Read from another connection the moment the promise resolves: the message is already there.
        seen.push((await other.db.select().from(messages).where(eq(messages.id, r.messageId))).length);
        return r;
      });
    const first = [submit('after-commit-1'), submit('after-commit-2')];
    // Two of three: the batch waits, nothing is answered and nothing is stored.
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toEqual([]);
    expect(
      await other.db
        .select()
        .from(messages)
        .where(inArray(messages.idempotencyKey, ['after-commit-1', 'after-commit-2'])),
    ).toHaveLength(0);
    await Promise.all([...first, submit('after-commit-3')]);
    expect(seen).toEqual([1, 1, 1]);
  });

  it('commits at once, without the batch wait, when no batch is under way', async () => {
    const channel = await insertChannel(database, 'api');
    const deps = ingestDeps(database);
    // The wait is a minute: a lone message that waited for it would fail this test's time limit.
    const eager = { ...deps, groupCommit: new GroupCommitter(deps, { maxBatch: 200, maxWaitMs: 60_000 }) };
    const together = await Promise.all([1, 2, 3].map((n) => ingestMessage(eager, channel, inbound({ idempotencyKey: `eager-${n}`, from: from(`eager-${n}`) }))));
    expect(together.every((r) => r.created)).toBe(true);
    const alone = await ingestMessage(eager, channel, inbound({ idempotencyKey: 'eager-alone', from: from('eager-alone') }));
    expect(alone.created).toBe(true);
    expect(await other.db.select().from(messages).where(eq(messages.id, alone.messageId))).toHaveLength(1);
  }, 30_000);

  it('lets two processes commit overlapping batches of the same senders without a deadlock', async () => {
    const channel = await insertChannel(database, 'api');
    // Two committers stand for two processes (on Postgres, each with its own pool).
    const second = database.url ? await openDatabase({ databaseUrl: database.url, max: 2 }) : database;
    try {
      const a = batched(database, 20);
      const b = batched(second, 20);
      const senders = Array.from({ length: 20 }, (_, i) => `overlap-${i}`);
      const results = await Promise.all([
        ...senders.map((s) => ingestMessage(a, channel, inbound({ idempotencyKey: `a-${s}`, from: from(s) }))),
        ...[...senders].reverse().map((s) => ingestMessage(b, channel, inbound({ idempotencyKey: `b-${s}`, from: from(s) }))),
      ]);
      expect(results.filter((r) => r.created)).toHaveLength(40);
      // One contact per sender, whichever batch saw it first.
      expect(new Set(results.map((r) => r.contactId)).size).toBe(20);
    } finally {
      if (second !== database) await second.close();
    }
  });
});
