// The customer profile: one contact across channels, editing, merging (and undoing it), search, import, GDPR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../support/test-app.ts';
import { adminWithChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';

describe('contacts', () => {
  let t: TestApp, admin: Client, channel: ApiChannel;
  beforeAll(async () => ({ t, admin, channel } = await adminWithChannel()));
  afterAll(() => t.close());

  const inbound = (externalId: string, from: Record<string, string>, text = 'Merhaba') => postInbound(t.app, channel, { externalId, from, text }).then((r) => r.body);

  it('shows identities, figures and the timeline, and edits profile fields', async () => {
    const { contactId } = await inbound('c1', { id: 'p1', name: 'Ayşe Yılmaz', email: 'Ayse@Example.com', phone: '0532 555 44 33' });
    const profile = await admin.ok('PATCH', `/api/contacts/${contactId}`, { timeZone: 'Europe/Istanbul', birthday: '02-29', language: 'tr', attributes: { plan: 'gold' } });
    expect(profile).toMatchObject({ name: 'Ayşe Yılmaz', timeZone: 'Europe/Istanbul', birthday: '02-29', language: 'tr', attributes: { plan: 'gold' } });
    expect(profile.identities.map((i: any) => `${i.kind}:${i.value}`).sort()).toEqual([`api:${channel.id}:p1`, 'email:ayse@example.com', 'phone:+905325554433']);
    expect(profile.figures.conversationCount).toBe(1);
    expect(profile.conversations[0].channelKinds).toEqual(['api']);
    const removed = await admin.ok('PATCH', `/api/contacts/${contactId}`, { attributes: { plan: null } });
    expect(removed.attributes).toEqual({});
  });

  it('finds contacts and messages whatever the Turkish case', async () => {
    await inbound('s1', { id: 'p2', name: 'İsmail Şahin' }, 'IŞIKLI ürün iade edilecek');
    const byName = await admin.ok('GET', '/api/search?q=ismail sahin');
    expect(byName.contacts.map((c: any) => c.name)).toContain('İsmail Şahin');
    const byText = await admin.ok('GET', '/api/search?q=ışıklı');
    expect(byText.messages.map((m: any) => m.text)).toContain('IŞIKLI ürün iade edilecek');
    const listed = await admin.ok('GET', '/api/contacts?q=şah');
    expect(listed.items.map((c: any) => c.name)).toContain('İsmail Şahin');
  });

  it('merges two contacts with a preview, and an admin can undo it', async () => {
    const a = await inbound('m1', { id: 'ma', name: 'Can', email: 'can@example.com' });
    const b = await inbound('m2', { id: 'mb', phone: '+90 555 000 11 22' });
    await admin.ok('PATCH', `/api/contacts/${b.contactId}`, { timeZone: 'Europe/Berlin' });
    const preview = await admin.ok('POST', '/api/contacts/merge/preview', { intoId: a.contactId, fromId: b.contactId });
    expect(preview).toMatchObject({ name: 'Can', timeZone: 'Europe/Berlin', conversationCount: 2 });
    expect(preview.identities.map((i: any) => i.kind).sort()).toEqual(['api', 'api', 'email', 'phone']);

    const { mergeId, contact } = await admin.ok('POST', '/api/contacts/merge', { intoId: a.contactId, fromId: b.contactId });
    expect(contact.identities.map((i: any) => i.kind).sort()).toEqual(['api', 'api', 'email', 'phone']);
    expect(contact.conversations).toHaveLength(2);
    expect((await admin.call('GET', `/api/contacts/${b.contactId}`)).status).toBe(404);

    await admin.ok('POST', `/api/contacts/merges/${mergeId}/revert`);
    const restored = await admin.ok('GET', `/api/contacts/${b.contactId}`);
    expect(restored.identities.map((i: any) => i.kind).sort()).toEqual(['api', 'phone']);
    expect(restored.timeZone).toBe('Europe/Berlin');
    expect((await admin.ok('GET', `/api/contacts/${a.contactId}`)).conversations).toHaveLength(1);
  });

  it('proposes a merge when a message names identities of two different contacts', async () => {
    const a = await inbound('sg1', { id: 'sga', email: 'shared@example.com' });
    const b = await inbound('sg2', { id: 'sgb', phone: '+90 555 123 45 67' });
    // The same API user writes again, now with both: the contact behind the primary identity keeps the message,
    // and the phone's contact becomes a merge suggestion instead of being merged silently.
    await inbound('sg3', { id: 'sga', email: 'shared@example.com', phone: '+90 555 123 45 67' });
    const { items } = await admin.ok('GET', '/api/contacts/merge-suggestions');
    expect(items).toContainEqual(expect.objectContaining({ into: expect.objectContaining({ id: a.contactId }), from: expect.objectContaining({ id: b.contactId }), reason: 'shared identity' }));
  });

  it('proposes, but never makes, a merge when a new contact has the full name of an existing one; an agent can dismiss it', async () => {
    const email = await inbound('sn1', { id: 'sn-mail', name: 'Mehmet Öztürk', email: 'mehmet@example.com' });
    const whatsapp = await inbound('sn2', { id: 'sn-wa', name: 'mehmet  öztürk', phone: '+90 533 765 43 21' });
    const single = await inbound('sn3', { id: 'sn-ali', name: 'Ali' });
    await inbound('sn4', { id: 'sn-ali2', name: 'Ali' }); // one word is too common a name to suggest anything
    expect(whatsapp.contactId).not.toBe(email.contactId);
    const pair = { into: expect.objectContaining({ id: email.contactId }), from: expect.objectContaining({ id: whatsapp.contactId }), reason: 'same name' };
    let { items } = await admin.ok('GET', '/api/contacts/merge-suggestions');
    expect(items).toContainEqual(expect.objectContaining(pair));
    expect(items.some((i: any) => i.into.id === single.contactId || i.from.id === single.contactId)).toBe(false);

    await admin.ok('POST', '/api/contacts/merge-suggestions/dismiss', { intoId: email.contactId, fromId: whatsapp.contactId });
    ({ items } = await admin.ok('GET', '/api/contacts/merge-suggestions'));
    expect(items).not.toContainEqual(expect.objectContaining(pair));
    expect((await admin.call('POST', '/api/contacts/merge-suggestions/dismiss', { intoId: 'nope' })).status).toBe(422);
  });

  it('imports rows, merging duplicates and reporting rejected ones', async () => {
    const report = await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { name: 'Elif', email: 'elif@example.com', birthday: '1990-05-17', timeZone: 'Asia/Tokyo' },
        { name: 'Elif again', email: 'ELIF@example.com' },
        { name: 'No way', email: 'not-an-email' },
        { name: 'Bad phone', phone: '12' },
        { name: 'Nobody' },
      ],
    });
    expect(report).toEqual({
      created: 1,
      merged: 1,
      rejected: [
        { row: 3, code: 'invalid_email', value: 'not-an-email', reason: 'invalid email "not-an-email"' },
        { row: 4, code: 'invalid_phone', value: '12', reason: 'invalid phone number "12"' },
        { row: 5, code: 'missing_identity', reason: 'needs an email or a phone number' },
      ],
    });
  });

  it('exports everything about a contact and erases personal data on request', async () => {
    const r = await inbound('g1', { id: 'gdpr', name: 'Forget Me', email: 'forget@example.com' }, 'my secret address is 42 Street');
    const exported = await admin.ok('GET', `/api/contacts/${r.contactId}/export`);
    expect(exported.contact.name).toBe('Forget Me');
    expect(exported.messages.map((m: any) => m.text)).toEqual(['my secret address is 42 Street']);

    await admin.ok('DELETE', `/api/contacts/${r.contactId}`);
    const after = await admin.ok('GET', `/api/contacts/${r.contactId}`);
    expect(after).toMatchObject({ name: null, identities: [], erasedAt: expect.any(String) });
    const msgs = await admin.ok('GET', `/api/conversations/${r.conversationId}/messages`);
    expect(msgs.items[0].text).toBe('');
    expect((await admin.ok('GET', '/api/search?q=secret')).messages).toHaveLength(0);
    const agent = await admin.user(['agent']);
    expect((await agent.call('DELETE', `/api/contacts/${r.contactId}`)).status).toBe(403);
  });
});
