import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import type { InboundMessage } from '../../connectors/channel.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { batchedIngestDeps as batched, inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import { consents, contactIdentities, contacts, conversations, domainEvents } from '../db/schema/index.ts';
import { ingestMessage } from './ingest-message.ts';

describe("a batch's new senders", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  /** What a sender's messages left behind, without ids and times: the same whether stored in a batch or alone. */
  async function footprint(contactId: string) {
    const db = database.db;
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, contactId));
    const identities = await db.select({ kind: contactIdentities.kind, value: contactIdentities.value }).from(contactIdentities).where(eq(contactIdentities.contactId, contactId));
    const threads = await db
      .select({ status: conversations.status, unread: conversations.unreadCount, preview: conversations.lastMessagePreview, subject: conversations.subject, inbound: conversations.lastInboundAt })
      .from(conversations)
      .where(eq(conversations.contactId, contactId));
    const events = await db.select({ type: domainEvents.type }).from(domainEvents).where(eq(domainEvents.contactId, contactId)).orderBy(asc(domainEvents.id));
    return {
      contact: { name: contact!.name, language: contact!.language, conversations: contact!.conversationCount, searchText: contact!.searchText.replace(/\S*@\S*/g, '') },
      identities: identities.map((i) => `${i.kind}:${i.value.replace(/^.*@/, '@')}`).sort(),
      threads: threads.map((t) => ({ ...t, inbound: t.inbound?.toISOString() })),
      events: events.map((e) => e.type).sort(),
    };
  }

  /** One sender's two messages, a quiet one (an auto-reply) from a second sender, and a third sender writing STOP. */
  function messagesFor(tag: string, sentAt: Date): InboundMessage[] {
    const person = (who: string, name: string) => ({ identities: [{ kind: 'email' as const, value: `${who}-${tag}@example.com` }], name });
    return [
      inbound({ from: person('zeynep', `Zeynep ${tag}`), text: 'Merhaba, dün verdiğim siparişin kargosu nerede acaba?', subject: 'Kargo', sentAt }),
      inbound({ from: person('zeynep', `Zeynep ${tag}`), text: 'Bir de fatura lazım.', sentAt }),
      inbound({ from: person('otomatik', `Ofis ${tag}`), text: 'I am out of the office until Monday, I will answer when I am back.', autoReply: true, sentAt }),
      inbound({ from: person('mehmet', `Mehmet ${tag}`), text: 'STOP', sentAt }),
    ];
  }

  it('are created as storing each message alone would create them, and a second message joins its sender’s new conversation', async () => {
    const channel = await insertChannel(database, 'email');
    const sentAt = new Date('2026-12-01T09:00:00Z');
    // Alone: one transaction per message, in order.
    const aloneDeps = ingestDeps(database);
    const alone = [];
    for (const m of messagesFor('x', sentAt)) alone.push(await ingestMessage(aloneDeps, channel, m));
    // Together: all four in one batch.
    const deps = batched(database, 4);
    const together = await Promise.all(messagesFor('y', sentAt).map((m) => ingestMessage(deps, channel, m)));
    expect(together.every((r) => r.created)).toBe(true);
    expect(together[1]!.conversationId).toBe(together[0]!.conversationId);

    for (const i of [0, 2, 3]) {
      const a = await footprint(alone[i]!.contactId);
      const b = await footprint(together[i]!.contactId);
      expect(b).toEqual(JSON.parse(JSON.stringify(a).replaceAll(' x', ' y').replaceAll('-x@', '-y@')));
    }
    // What the comparison stands on: a new contact with its language read from the text, one open conversation with
    // both messages unread, an auto-reply's conversation resolved, and STOP recorded for the new contact.
    const zeynep = await footprint(together[0]!.contactId);
    expect(zeynep.contact).toMatchObject({ name: 'Zeynep y', language: 'tr', conversations: 1 });
    expect(zeynep.threads).toEqual([expect.objectContaining({ status: 'open', unread: 2, subject: 'Kargo' })]);
    expect(zeynep.events).toEqual(['contact.created', 'conversation.created', 'message.received', 'message.received']);
    expect((await footprint(together[2]!.contactId)).threads).toEqual([expect.objectContaining({ status: 'resolved', unread: 0 })]);
    const [stop] = await database.db.select().from(consents).where(eq(consents.contactId, together[3]!.contactId));
    expect(stop).toMatchObject({ channel: 'email', status: 'opted_out', source: 'keyword:email' });
  });

  it('propose a merge with older contacts of the same full name, oldest first, and with one created earlier in the batch', async () => {
    const channel = await insertChannel(database, 'api');
    const tag = randomUUID().slice(0, 8);
    const name = `Elif ${tag} Kaya`;
    // A batch is worked in the order of its senders' identities: these sort as written.
    const sender = (n: number) => [{ kind: 'api' as const, value: `same-name-${tag}-${n}` }];
    const older = await ingestMessage(ingestDeps(database), channel, inbound({ from: { identities: [{ kind: 'api', value: randomUUID() }], name } }));
    const deps = batched(database, 3);
    const [first, second, other] = await Promise.all([
      ingestMessage(deps, channel, inbound({ from: { identities: sender(1), name } })),
      ingestMessage(deps, channel, inbound({ from: { identities: sender(2), name: name.toUpperCase().replace(' ', '  ') } })),
      ingestMessage(deps, channel, inbound({ from: { identities: sender(3), name: 'Elif' } })),
    ]);
    const suggestions = await database.db
      .select({ contactId: domainEvents.contactId, payload: domainEvents.payload })
      .from(domainEvents)
      .where(inArray(domainEvents.contactId, [first!.contactId, second!.contactId, other!.contactId]))
      .orderBy(asc(domainEvents.id));
    const merges = suggestions.filter((s) => (s.payload as { reason?: string }).reason === 'same name').map((s) => [s.contactId, (s.payload as { intoId: string }).intoId]);
    expect(merges).toEqual([
      [first!.contactId, older.contactId],
      [second!.contactId, older.contactId],
      [second!.contactId, first!.contactId],
    ]);
  });
});
