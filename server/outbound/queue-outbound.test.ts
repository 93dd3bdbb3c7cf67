import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inbound, ingestDeps } from '../../tests/support/fixtures.ts';
import { channels, contacts, conversations, domainEvents, messages } from '../db/schema/index.ts';
import { ingestMessage } from '../inbound/ingest-message.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { listPreview, type OutboundItem, type QueuedMessage, queueOutbound, type SendItem } from './queue-outbound.ts';

const NOW = new Date('2026-06-01T10:00:00Z');

describe('queueing outbound messages', () => {
  let database: TestDatabase;
  let channel: typeof channels.$inferSelect;
  const jobs: Array<{ name: string; data: object; id?: string }> = [];
  const fakeJobs = {
    async send(name: string, data: object, options: { id?: string } = {}) {
      jobs.push({ name, data, id: options.id });
      return options.id ?? null;
    },
  };
  let customers = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    [channel] = await database.db
      .insert(channels)
      .values({ kind: 'email', name: 'mail', config: { fromAddress: 'news@shop.example' } })
      .returning();
  });
  afterAll(() => database.drop());

  /** A customer who wrote one email: their contact, their open conversation and the Message-ID we would answer. */
  async function customer() {
    const n = ++customers;
    const email = `customer${n}@example.com`;
    const mid = `<in${n}@customer.example>`;
    const r = await ingestMessage(ingestDeps(database), channel, inbound({ from: { identities: [{ kind: 'email', value: email }] }, subject: `Order ${n}`, threading: { messageId: mid } }));
    return { contactId: r.contactId, conversationId: r.conversationId, email, mid };
  }

  function item(c: Awaited<ReturnType<typeof customer>>, overrides: Partial<SendItem> = {}): SendItem {
    return {
      conversationId: c.conversationId,
      contactId: c.contactId,
      channel,
      to: { kind: 'email', value: c.email },
      text: 'Hello   there,\n  20% off',
      senderType: 'automation',
      purpose: 'marketing',
      subject: 'June offers',
      ...overrides,
    };
  }

  const queue = (items: OutboundItem[]) => database.db.transaction((tx) => queueOutbound(tx, items, { jobs: fakeJobs, now: NOW }));
  const conversation = async (id: string) => (await database.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const eventsOf = (ids: string[]) => database.db.select().from(domainEvents).where(inArray(domainEvents.messageId, ids));

  /** What must not differ between two messages queued alone or in a batch, once per-message ids are set aside. */
  function shape(m: QueuedMessage) {
    const { id, conversationId, contactId, emailMessageId, seq, createdAt, metadata, idempotencyKey, ...rest } = m;
    expect([id, conversationId, contactId, seq, createdAt, idempotencyKey].every((v) => v !== null && v !== undefined)).toBe(true);
    expect(emailMessageId).toMatch(/^<[0-9a-f-]{36}@shop\.example>$/);
    return { ...rest, metadata: { ...metadata, to: { kind: (metadata.to as { kind: string }).kind } } };
  }

  it('stores one item exactly as it stores the same item within a batch', async () => {
    const [a, b, c] = [await customer(), await customer(), await customer()];
    const [single] = await queue([item(a, { idempotencyKey: 'k-a', campaignId: 'c1' })]);
    const batch = await queue([item(b, { idempotencyKey: 'k-b', campaignId: 'c1' }), item(c, { idempotencyKey: 'k-c', campaignId: 'c1' })]);
    expect(batch).toHaveLength(2);
    expect(shape(batch[0]!)).toEqual(shape(single!));
    expect(shape(batch[1]!)).toEqual(shape(single!));
    expect(single).toMatchObject({
      direction: 'out',
      status: 'queued',
      private: false,
      channelId: channel.id,
      senderType: 'automation',
      causedByAutomation: true,
      purpose: 'marketing',
      idempotencyKey: 'k-a',
      text: 'Hello   there,\n  20% off',
      searchText: messageSearchText('Hello   there,\n  20% off'),
      metadata: { to: { kind: 'email', value: a.email }, campaignId: 'c1' },
      sentAt: NOW,
    });
    expect(batch.map((m) => m!.contactId)).toEqual([b.contactId, c.contactId]);
    const reached = await database.db
      .select({ at: contacts.lastOutboundAt })
      .from(contacts)
      .where(inArray(contacts.id, [a.contactId, b.contactId, c.contactId]));
    expect(reached).toEqual([{ at: NOW }, { at: NOW }, { at: NOW }]);
  });

  it('starts a marketing email its own thread under the template subject, with no job (the lane claims it)', async () => {
    const a = await customer();
    const before = jobs.length;
    const [m] = await queue([item(a)]);
    expect(m).toMatchObject({ subject: 'June offers', inReplyTo: null, references: null });
    expect(m!.emailMessageId).toMatch(/@shop\.example>$/);
    expect(jobs).toHaveLength(before);
  });

  it("answers a service email under Re: the customer's subject, after their last mail and not after a newsletter", async () => {
    const a = await customer();
    await queue([item(a)]);
    const [reply] = await queue([item(a, { purpose: 'service', subject: 'ignored', text: 'Your order ships today' })]);
    expect(reply).toMatchObject({ subject: `Re: Order ${customers}`, inReplyTo: a.mid, references: [a.mid] });
    expect(jobs.at(-1)).toEqual({ name: 'outbound-send', data: { messageId: reply!.id, attempt: 1 }, id: reply!.id });
    const [next] = await queue([item(a, { purpose: 'service', text: 'And a tracking number' })]);
    expect(next).toMatchObject({ subject: `Re: Order ${customers}`, inReplyTo: reply!.emailMessageId, references: [a.mid, reply!.emailMessageId] });
  });

  it('puts the text on one line as the list preview, marks the reply read and answered; a note changes neither', async () => {
    const a = await customer();
    expect((await conversation(a.conversationId)).unreadCount).toBe(1);
    await queue([item(a, { senderType: 'user', purpose: undefined, text: `  Thanks!\n\nWe ${'x'.repeat(200)}` })]);
    const replied = await conversation(a.conversationId);
    expect(replied).toMatchObject({ lastMessageDirection: 'out', unreadCount: 0, firstResponseAt: NOW, lastActivityAt: NOW });
    expect(replied.lastMessagePreview).toBe(`Thanks! We ${'x'.repeat(200)}`.slice(0, 160));

    const later = new Date(NOW.getTime() + 60_000);
    const [note] = await database.db.transaction((tx) =>
      queueOutbound(tx, [{ conversationId: a.conversationId, contactId: a.contactId, text: 'internal', senderType: 'user', private: true }], { jobs: fakeJobs, now: later }),
    );
    expect(note).toMatchObject({ private: true, status: 'sent', channelId: null, purpose: null, metadata: {} });
    expect(await conversation(a.conversationId)).toMatchObject({ lastMessagePreview: replied.lastMessagePreview, firstResponseAt: NOW, lastActivityAt: later });
    expect(listPreview('', [{ filename: 'a.pdf' }, { filename: 'b.png' }])).toBe('📎 a.pdf, 📎 b.png');
  });

  it('records one message.created event per message, and nothing for a key that already exists', async () => {
    const [a, b] = [await customer(), await customer()];
    const first = await queue([item(a, { idempotencyKey: 'dup', campaignId: 'c2' }), item(b, { idempotencyKey: 'other', campaignId: 'c2' })]);
    const events = await eventsOf(first.map((m) => m!.id));
    expect(
      events
        .map((e) => ({ type: e.type, messageId: e.messageId, conversationId: e.conversationId, causedByAutomation: e.causedByAutomation, payload: e.payload }))
        .sort((x, y) => x.messageId!.localeCompare(y.messageId!)),
    ).toEqual(
      first
        .map((m) => ({ type: 'message.created', messageId: m!.id, conversationId: m!.conversationId, causedByAutomation: true, payload: { private: false, campaignId: 'c2' } }))
        .sort((x, y) => x.messageId.localeCompare(y.messageId)),
    );

    const activity = (await conversation(a.conversationId)).lastActivityAt;
    const again = await database.db.transaction((tx) => queueOutbound(tx, [item(a, { idempotencyKey: 'dup', text: 'second' })], { jobs: fakeJobs, now: new Date(NOW.getTime() + 1) }));
    expect(again).toEqual([undefined]);
    expect(await database.db.select().from(messages).where(eq(messages.idempotencyKey, 'dup'))).toHaveLength(1);
    expect((await conversation(a.conversationId)).lastActivityAt).toEqual(activity);
  });
});
