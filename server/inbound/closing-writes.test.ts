// A batch's closing writes are set-based: what they leave on conversations and contacts must be what the same messages
// leave when each is stored alone, and a message in a batch must still find the rows of the messages before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import type { InboundMessage, PageItem } from '../../connectors/channel.ts';
import { contacts, conversations, messages } from '../db/schema/index.ts';
import { ingestPage } from './ingest-page.ts';
import { ingestMessage } from './ingest-message.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));

/** One customer's morning: two messages, their mail server's auto-reply between them, a message from an older time. */
function morning(sender: string): InboundMessage[] {
  const from = { identities: [{ kind: 'email' as const, value: sender }], name: 'Deniz' };
  return [
    inbound({ from, text: 'Siparişim gelmedi', sentAt: at(10) }),
    inbound({ from, text: 'Out of office', autoReply: true, sentAt: at(11) }),
    inbound({ from, text: 'Kargo numarası var mı?', sentAt: at(12) }),
    inbound({ from, text: 'Dünden kalan not', sentAt: at(5) }),
  ];
}

/** The facts a message changes, for comparing two ways of storing the same messages. */
async function factsOf(contactId: string) {
  const [contact] = await database.db.select().from(contacts).where(eq(contacts.id, contactId));
  const rows = await database.db.select().from(conversations).where(eq(conversations.contactId, contactId));
  return {
    contact: { lastInboundAt: contact!.lastInboundAt, lastChannelKind: contact!.lastChannelKind, conversationCount: contact!.conversationCount },
    conversations: rows.map((c) => ({
      status: c.status,
      unreadCount: c.unreadCount,
      lastMessagePreview: c.lastMessagePreview,
      lastInboundAt: c.lastInboundAt,
      lastMessageDirection: c.lastMessageDirection,
    })),
  };
}

describe('closing writes of a batch', () => {
  it('leave the same facts as storing each message alone', async () => {
    const channel = await insertChannel(database, 'email');
    const alone = [];
    for (const m of morning('alone@customer.example')) alone.push(await ingestMessage(ingestDeps(database), channel, m));
    const page: PageItem[] = morning('batch@customer.example').map((message) => ({ message }));
    const together = await ingestPage(ingestDeps(database), channel, page);
    expect(together.committed).toBe(4);

    const expected = await factsOf(alone[0]!.contactId);
    const actual = await factsOf(together.outcomes[0]!.result!.contactId);
    expect(actual).toEqual(expected);
    // Three customer messages unread, the latest one's text as the preview, the time of the last one the customer wrote.
    expect(expected.conversations).toEqual([expect.objectContaining({ unreadCount: 3, lastMessagePreview: 'Dünden kalan not', lastInboundAt: at(5) })]);
    expect(expected.contact).toEqual({ lastInboundAt: at(12), lastChannelKind: 'email', conversationCount: 1 });
  });

  it('let a reply in the same page find the message it answers', async () => {
    const channel = await insertChannel(database, 'email');
    const from = { identities: [{ kind: 'email' as const, value: 'thread@customer.example' }] };
    const first = inbound({ from, subject: 'İade', text: 'İade istiyorum', threading: { messageId: '<first@customer.example>' } });
    // A new conversation was opened for the first; without its row, the reply (which the customer sent from another
    // address, so it shares no contact) would start a conversation of its own.
    const reply = inbound({
      from: { identities: [{ kind: 'email' as const, value: 'thread-other@customer.example' }] },
      subject: 'Re: İade',
      text: 'Ek bilgi',
      threading: { messageId: '<reply@customer.example>', inReplyTo: '<first@customer.example>' },
    });
    const receipt = await ingestPage(ingestDeps(database), channel, [{ message: first }, { message: reply }]);
    const [a, b] = receipt.outcomes.map((o) => o.result!);
    expect(b!.conversationId).toBe(a!.conversationId);
    const stored = await database.db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, a!.conversationId));
    expect(stored).toHaveLength(2);
  });
});
