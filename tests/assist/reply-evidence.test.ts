// What reply suggestions learn from: each public customer message with the agent reply that answered it, kept whoever
// writes the messages (the app's reply route here, channel edits and GDPR erasure too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';
import { messages } from '../../server/db/schema/index.ts';
import { messageSearchText } from '../../server/lib/fold-text.ts';

describe('the answered messages reply suggestions learn from', () => {
  let t: TestApp;
  let admin: Client;
  let channel: ApiChannel;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin);
  });
  afterAll(() => t.close());

  /** A customer's message on the API channel; the same `customer` continues their conversation. */
  const customerWrites = async (customer: string, text: string) =>
    (await postInbound(t.app, channel, { externalId: `m${++n}`, from: { id: customer, name: customer }, text })).body as { conversationId: string; messageId: string };
  /** The suggestions a new customer gets for `text`. */
  const suggestionsFor = async (text: string) => {
    const { conversationId } = await customerWrites(`asker-${++n}`, text);
    return (await admin.ok('GET', `/api/conversations/${conversationId}/suggestions`)).items as Array<{ id: string; source: string; text: string }>;
  };
  const resolve = (conversationId: string) => admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });

  it('pairs every customer message since the previous agent reply with the reply an agent sent through the app', async () => {
    const { conversationId } = await customerWrites('deniz', 'Kapıda ödeme seçeneğiniz var mı?');
    await customerWrites('deniz', 'Nakit verebilir miyim?');
    const note = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Nakit kabul ediyoruz sanırım, kontrol edeceğim', private: true });
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Evet, kapıda nakit ve kartla ödeme alıyoruz.' });
    await customerWrites('deniz', 'Peki havale?');

    // Not resolved yet: an open conversation is no evidence.
    expect((await suggestionsFor('Kapıda ödeme olur mu?')).map((s) => s.id)).not.toContain(reply.id);
    await resolve(conversationId);
    for (const question of ['Kapıda ödeme olur mu?', 'Nakit verebiliyor muyum']) {
      const items = await suggestionsFor(question);
      expect(items.map((s) => s.id)).toContain(reply.id);
      // A private note answers nothing.
      expect(items.map((s) => s.id)).not.toContain(note.id);
    }
    // The message after the reply was never answered.
    expect((await suggestionsFor('Havale olur mu?')).map((s) => s.id)).not.toContain(reply.id);
  });

  it('pairs a customer message with the first agent reply after it, not a later one', async () => {
    const { conversationId } = await customerWrites('selin', 'Fatura adresi değişebilir mi?');
    const first = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Fatura adresini hesabım sayfasından değiştirebilirsiniz.' });
    await customerWrites('selin', 'Garanti belgesi nerede?');
    const second = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Garanti belgesi kutunun içinde.' });
    await resolve(conversationId);
    const ids = (await suggestionsFor('Fatura adresi nasıl değişir')).map((s) => s.id);
    expect(ids).toContain(first.id);
    expect(ids).not.toContain(second.id);
  });

  it('searches an edited customer message by its new words, and an erased customer’s messages by none', async () => {
    const { conversationId, messageId } = await customerWrites('mert', 'Hediye çeki geçerli mi?');
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Hediye çekleri bir yıl geçerlidir.' });
    await resolve(conversationId);
    expect((await suggestionsFor('Hediye çeki süresi')).map((s) => s.id)).toContain(reply.id);

    // A channel's edit rewrites the text and its search text (server/inbound/apply-edit-or-reaction.ts).
    const edited = 'Kupon kodum çalışmıyor';
    await t.database.db
      .update(messages)
      .set({ text: edited, searchText: messageSearchText(edited) })
      .where(eq(messages.id, messageId));
    expect((await suggestionsFor('Hediye çeki süresi')).map((s) => s.id)).not.toContain(reply.id);
    expect((await suggestionsFor('Kupon kodu çalışmıyor')).map((s) => s.id)).toContain(reply.id);

    const [{ contactId }] = await t.database.db.select({ contactId: messages.contactId }).from(messages).where(eq(messages.id, messageId));
    await admin.ok('DELETE', `/api/contacts/${contactId}`);
    expect((await suggestionsFor('Kupon kodu çalışmıyor')).map((s) => s.id)).not.toContain(reply.id);
  });
});
