// Search finds what agents type: order numbers and codes, phones in any format, and message text from the inbox filter.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

describe('search by numbers, codes and phones', () => {
  let t: TestApp;
  let admin: Client;
  let channel: { id: string; secret: string };
  const ids: Record<string, { contactId: string; conversationId: string }> = {};
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin);
    const inbound = async (key: string, from: Record<string, string>, text: string) => {
      ids[key] = (await postInbound(t.app, channel, { externalId: key, from, text })).body;
    };
    await inbound('order', { id: 'u1', name: 'Zeynep Kaya' }, 'Siparişim 2026-88431 hâlâ gelmedi');
    await inbound('phone', { id: 'u2', name: 'Mehmet Demir', phone: '+905321112233' }, 'Merhaba');
    await inbound('other', { id: 'u3', name: 'Ali Veli' }, 'Sipariş 2026-11111 iptal');
  });
  afterAll(() => t.close());

  const texts = (r: any) => r.messages.map((m: any) => m.text);

  it('finds a message by the number inside an order code, and by the whole code', async () => {
    expect(texts(await admin.ok('GET', '/api/search?q=88431'))).toEqual(['Siparişim 2026-88431 hâlâ gelmedi']);
    expect(texts(await admin.ok('GET', '/api/search?q=2026-88431'))).toEqual(['Siparişim 2026-88431 hâlâ gelmedi']);
    expect(texts(await admin.ok('GET', '/api/search?q=8843'))).toEqual(['Siparişim 2026-88431 hâlâ gelmedi']);
  });

  it.each(['0532 111 22 33', '532 111 2233', '+90 532 111 22 33', '905321112233', '+90 (532) 111-22-33'])('finds the contact stored as +905321112233 by %s', async (q) => {
    const found = await admin.ok('GET', `/api/search?q=${encodeURIComponent(q)}`);
    expect(found.contacts.map((c: any) => c.id)).toEqual([ids.phone!.contactId]);
    const listed = await admin.ok('GET', `/api/contacts?q=${encodeURIComponent(q)}`);
    expect(listed.items.map((c: any) => c.id)).toEqual([ids.phone!.contactId]);
  });

  it('finds a contact by their whole email address, and a message by the site name in it', async () => {
    const { contactId, conversationId } = (
      await postInbound(t.app, channel, { externalId: 'mail', from: { id: 'u4', name: 'Ayşe Yılmaz', email: 'Ayse.Yilmaz@Example.com.tr' }, text: 'Faturam ornek-magaza.com.tr adresinde görünmüyor' })
    ).body;
    for (const q of ['ayse.yilmaz@example.com.tr', 'Ayse.Yilmaz@Example.com.tr', 'ayse']) {
      expect(
        (await admin.ok('GET', `/api/contacts?q=${encodeURIComponent(q)}`)).items.map((c: any) => c.id),
        q,
      ).toEqual([contactId]);
      expect(
        (await admin.ok('GET', `/api/search?q=${encodeURIComponent(q)}`)).contacts.map((c: any) => c.id),
        q,
      ).toEqual([contactId]);
    }
    expect((await admin.ok('GET', `/api/conversations?q=${encodeURIComponent('ayse.yilmaz@example.com.tr')}`)).items.map((c: any) => c.id)).toEqual([conversationId]);
    expect(texts(await admin.ok('GET', '/api/search?q=ornek-magaza.com.tr'))).toEqual(['Faturam ornek-magaza.com.tr adresinde görünmüyor']);
    expect((await admin.ok('GET', `/api/contacts?q=${encodeURIComponent('someone.else@example.com.tr')}`)).items).toEqual([]);
  });

  it("finds a contact of an API channel by the integrator's id, not by the digits of the channel's id", async () => {
    const { contactId } = (await postInbound(t.app, channel, { externalId: 'api-id', from: { id: 'customer-x', name: 'Deniz Ak' }, text: 'Selam' })).body;
    expect((await admin.ok('GET', '/api/contacts?q=customer-x')).items.map((c: any) => c.id)).toEqual([contactId]);
    for (const digits of channel.id.match(/\d+/g) ?? []) {
      expect(
        (await admin.ok('GET', `/api/contacts?q=${digits}`)).items.map((c: any) => c.id),
        digits,
      ).not.toContain(contactId);
      expect(
        (await admin.ok('GET', `/api/conversations?q=${digits}`)).items.map((c: any) => c.contact.id),
        digits,
      ).not.toContain(contactId);
    }
  });

  it("takes the channel's id out of the search text of contacts stored before (migration 0028)", async () => {
    const { contactId } = (await postInbound(t.app, channel, { externalId: 'old-row', from: { id: 'legacy-ab', name: 'Eski Kayıt' }, text: 'Selam' })).body;
    // The integrator's id holds no digit, so only the channel's id can match them: with 'legacy-7', a channel id whose
    // first digits were '7' still found the contact after the migration, by the integrator's id (a flake).
    const [digits] = channel.id.match(/\d+/g)!;
    await t.services.database.db.execute(sql`update contacts set search_text = ${`eski kayit ${channel.id}:legacy-ab`} where id = ${contactId}`);
    expect((await admin.ok('GET', `/api/contacts?q=${digits}`)).items.map((c: any) => c.id)).toContain(contactId);
    await t.services.database.db.execute(sql.raw(readFileSync('migrations/0028_api_identity_search.sql', 'utf8')));
    expect((await admin.ok('GET', `/api/contacts?q=${digits}`)).items.map((c: any) => c.id)).not.toContain(contactId);
    expect((await admin.ok('GET', '/api/contacts?q=legacy-ab')).items.map((c: any) => c.id)).toEqual([contactId]);
  });

  it('filters the conversation list by message text as well as by contact', async () => {
    const byText = await admin.ok('GET', '/api/conversations?q=88431');
    expect(byText.items.map((c: any) => c.id)).toEqual([ids.order!.conversationId]);
    const byName = await admin.ok('GET', '/api/conversations?q=zeynep');
    expect(byName.items.map((c: any) => c.id)).toEqual([ids.order!.conversationId]);
    const byPhone = await admin.ok('GET', `/api/conversations?q=${encodeURIComponent('0532 111 22 33')}`);
    expect(byPhone.items.map((c: any) => c.id)).toEqual([ids.phone!.conversationId]);
    const both = await admin.ok('GET', '/api/conversations?q=siparis');
    expect(both.items.map((c: any) => c.id).sort()).toEqual([ids.order!.conversationId, ids.other!.conversationId].sort());
  });

  it('keeps private notes out of the list filter for a marketer', async () => {
    await admin.ok('POST', `/api/conversations/${ids.phone!.conversationId}/messages`, { text: 'iade kodu ZX-4471', private: true });
    expect((await admin.ok('GET', '/api/conversations?q=4471')).items.map((c: any) => c.id)).toEqual([ids.phone!.conversationId]);
    const marketer = await admin.user(['marketer']);
    expect((await marketer.ok('GET', '/api/conversations?q=4471')).items).toEqual([]);
  });
});
