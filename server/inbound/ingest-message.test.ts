import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import { channelState, consents, contactIdentities, conversations, messages, attachments } from '../db/schema/index.ts';
import { ingestMessage } from './ingest-message.ts';
import { rowsOf } from '../db/client.ts';

describe('ingesting inbound messages', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('stores a message redelivered five times at once exactly once', async () => {
    const channel = await insertChannel(database, 'api');
    const message = inbound({ idempotencyKey: 'dup-1', from: { identities: [{ kind: 'api', value: 'cust-dup' }] } });
    const results = await Promise.all(Array.from({ length: 5 }, () => ingestMessage(ingestDeps(database), channel, message)));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await database.db.select().from(messages).where(eq(messages.idempotencyKey, 'dup-1'));
    expect(rows).toHaveLength(1);
  });

  it('puts an SMS and a WhatsApp message from the same number on one contact and one open conversation', async () => {
    const sms = await insertChannel(database, 'sms');
    const wa = await insertChannel(database, 'whatsapp');
    const a = await ingestMessage(ingestDeps(database), sms, inbound({ from: { identities: [{ kind: 'phone', value: '+90 532 111 22 33' }] }, text: 'SMS here' }));
    const b = await ingestMessage(ingestDeps(database), wa, inbound({ from: { identities: [{ kind: 'whatsapp', value: '905321112233@s.whatsapp.net' }] }, text: 'WhatsApp here' }));
    expect(b.contactId).toBe(a.contactId);
    expect(b.conversationId).toBe(a.conversationId);
    const ids = await database.db.select({ kind: contactIdentities.kind, value: contactIdentities.value }).from(contactIdentities).where(eq(contactIdentities.contactId, a.contactId));
    expect(ids.sort((x, y) => x.kind.localeCompare(y.kind))).toEqual([
      { kind: 'phone', value: '+905321112233' },
      { kind: 'whatsapp', value: '905321112233@s.whatsapp.net' },
    ]);
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, a.conversationId));
    expect(conv!.channelId).toBe(wa.id);
    expect(conv!.unreadCount).toBe(2);
  });

  it('threads email replies by In-Reply-To, by References only, and by the plus-address token', async () => {
    const email = await insertChannel(database, 'email');
    const deps = ingestDeps(database);
    const first = await ingestMessage(
      deps,
      email,
      inbound({ from: { identities: [{ kind: 'email', value: 'thread@example.com' }] }, threading: { messageId: '<a1@customer.example>' }, subject: 'Order' }),
    );
    await database.db.update(conversations).set({ status: 'resolved' }).where(eq(conversations.id, first.conversationId));
    const other = await ingestMessage(deps, email, inbound({ from: { identities: [{ kind: 'email', value: 'thread@example.com' }] }, subject: 'Another topic' }));
    expect(other.conversationId).not.toBe(first.conversationId);

    const byInReplyTo = await ingestMessage(
      deps,
      email,
      inbound({ from: { identities: [{ kind: 'email', value: 'thread@example.com' }] }, threading: { messageId: '<a2@c>', inReplyTo: '<a1@customer.example>' } }),
    );
    expect(byInReplyTo.conversationId).toBe(first.conversationId);
    const byReferences = await ingestMessage(
      deps,
      email,
      inbound({ from: { identities: [{ kind: 'email', value: 'colleague@example.com' }] }, threading: { references: ['<zzz@nowhere>', '<a2@c>'] } }),
    );
    expect(byReferences.conversationId).toBe(first.conversationId);
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    const byToken = await ingestMessage(deps, email, inbound({ from: { identities: [{ kind: 'email', value: 'someone-else@example.com' }] }, threading: { conversationToken: conv!.token } }));
    expect(byToken.conversationId).toBe(first.conversationId);
    expect(conv!.status).toBe('open');
  });

  it('stores an auto-reply without reopening a resolved conversation', async () => {
    const email = await insertChannel(database, 'email');
    const deps = ingestDeps(database);
    const first = await ingestMessage(deps, email, inbound({ from: { identities: [{ kind: 'email', value: 'ooo@example.com' }] }, threading: { messageId: '<ooo1@x>' } }));
    await database.db.update(conversations).set({ status: 'resolved' }).where(eq(conversations.id, first.conversationId));
    const auto = await ingestMessage(
      deps,
      email,
      inbound({ from: { identities: [{ kind: 'email', value: 'ooo@example.com' }] }, autoReply: true, threading: { inReplyTo: '<ooo1@x>' }, text: 'I am out of office' }),
    );
    expect(auto.conversationId).toBe(first.conversationId);
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conv!.status).toBe('resolved');
    const [msg] = await database.db.select().from(messages).where(eq(messages.id, auto.messageId));
    expect(msg!.autoReply).toBe(true);
  });

  it('commits the checkpoint with the message, and records consent changes', async () => {
    const sms = await insertChannel(database, 'sms');
    const r = await ingestMessage(ingestDeps(database), sms, inbound({ from: { identities: [{ kind: 'phone', value: '+905551112233' }] }, text: 'STOP', consent: 'opted_out' }), {
      checkpoint: { key: 'cursor', value: { n: 7 } },
    });
    const [state] = await database.db.select().from(channelState).where(eq(channelState.channelId, sms.id));
    expect(state!.value).toEqual({ n: 7 });
    const [consent] = await database.db.select().from(consents).where(eq(consents.contactId, r.contactId));
    expect(consent).toMatchObject({ channel: 'sms', status: 'opted_out' });
  });

  it('refuses an attachment over the size limit and still stores the message', async () => {
    const api = await insertChannel(database, 'api');
    const deps = ingestDeps(database, { maxAttachmentBytes: 10 });
    const r = await ingestMessage(
      deps,
      api,
      inbound({
        from: { identities: [{ kind: 'api', value: 'att-1' }] },
        attachments: [
          { filename: 'big.bin', contentType: 'application/octet-stream', size: 11, content: new Uint8Array(11) },
          { filename: 'ok.txt', contentType: 'text/plain', size: 2, content: new Uint8Array([104, 105]) },
        ],
      }),
    );
    const rows = await database.db.select().from(attachments).where(eq(attachments.messageId, r.messageId));
    expect(rows.find((a) => a.filename === 'big.bin')).toMatchObject({ storageKey: null, refusedReason: expect.stringContaining('limit') });
    const kept = rows.find((a) => a.filename === 'ok.txt')!;
    expect(await deps.storage.get(kept.storageKey!)).toEqual(new Uint8Array([104, 105]));
  });

  it('applies an edit to the original message once, however often it is redelivered', async () => {
    const tg = await insertChannel(database, 'telegram');
    const from = { identities: [{ kind: 'telegram' as const, value: '4242' }] };
    const original = await ingestMessage(ingestDeps(database), tg, inbound({ idempotencyKey: 'tg:1', from, text: 'helo' }));
    const edit = inbound({ idempotencyKey: 'tg:1:edit:1', from, text: 'hello', edit: { of: 'tg:1' } });
    await ingestMessage(ingestDeps(database), tg, edit);
    const again = await ingestMessage(ingestDeps(database), tg, edit);
    expect(again.messageId).toBe(original.messageId);
    const [msg] = await database.db.select().from(messages).where(eq(messages.id, original.messageId));
    expect(msg!.text).toBe('hello');
    expect((msg!.metadata.edits as unknown[]).length).toBe(1);
  });

  it('sanitizes inbound HTML before storing it', async () => {
    const email = await insertChannel(database, 'email');
    const r = await ingestMessage(ingestDeps(database), email, inbound({ html: '<p>Hi<script>alert(1)</script><img src=x onerror=alert(1)></p>' }));
    const [msg] = await database.db.select().from(messages).where(eq(messages.id, r.messageId));
    expect(msg!.html).not.toMatch(/script|onerror/);
    const rows = rowsOf<{ type: string }>(await database.db.execute(sql`select type from domain_events where message_id = ${r.messageId}`));
    expect(rows.map((e) => e.type)).toEqual(['message.received']);
  });

  it('stores a message whose sender clock says year 0 at the time it arrived, not refusing it on every retry', async () => {
    const email = await insertChannel(database, 'email');
    const arrived = new Date('2026-04-01T08:00:00Z');
    const r = await ingestMessage(ingestDeps(database, { now: () => arrived }), email, inbound({ sentAt: new Date('0000-01-01T00:00:00Z') }));
    const [msg] = await database.db.select({ sentAt: messages.sentAt }).from(messages).where(eq(messages.id, r.messageId));
    expect(msg!.sentAt).toEqual(arrived);
  });

  it('stores a long text whose folded form would outgrow what Postgres indexes, and finds it by its words', async () => {
    const email = await insertChannel(database, 'email');
    // Distinct words of squared katakana: each character folds to five or six katakana, so 100,000 characters
    // fold to more than the 1 MB a tsvector may hold.
    const squares = [...'㌖㌇㌕㌗㌙㌚㌠㌫㌮㌲㌴㌶㍇㍊㍖'];
    const words: string[] = [];
    for (let n = 0, length = 0; length < 100_000; n++) {
      let word = '';
      for (let v = n, i = 0; i < 6; i++, v = Math.floor(v / squares.length)) word += squares[v % squares.length];
      words.push(word);
      length += word.length + 1;
    }
    const text = `needle ${words.join(' ')}`;
    const r = await ingestMessage(ingestDeps(database), email, inbound({ idempotencyKey: '<long-folded@x>', text }));
    const [row] = rowsOf<{ text: string; found: boolean }>(
      await database.db.execute(sql`select text, search_vector @@ to_tsquery('simple', 'needle') as found from messages where id = ${r.messageId}`),
    );
    expect(row!.text).toBe(text);
    expect(row!.found).toBe(true);
  });

  it("keeps a sender's display name to the length of a name an agent may type, however long the email says it is", async () => {
    const email = await insertChannel(database, 'email');
    // Megabytes of words in a From header: whole, the contact's search words would outgrow what Postgres indexes.
    const name = Array.from({ length: 150_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
    const r = await ingestMessage(ingestDeps(database), email, inbound({ from: { name, identities: [{ kind: 'email', value: 'long-name@example.com' }] } }));
    const [row] = rowsOf<{ name: string }>(await database.db.execute(sql`select name from contacts where id = ${r.contactId}`));
    expect(row!.name).toBe(name.slice(0, 200));
  });
});
