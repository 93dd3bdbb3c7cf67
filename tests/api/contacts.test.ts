// The customer profile: one contact across channels, editing, merging (and undoing it), search, import, GDPR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../support/test-app.ts';
import { adminWithChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';

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

  it('records contact.updated only for an edit that changes something, naming the fields it changed', async () => {
    const { contactId } = await inbound('u1', { id: 'pu', name: 'Eda Koç' });
    const updates = async () =>
      rowsOf<{ payload: Record<string, unknown> }>(
        await t.services.database.db.execute(sql`select payload from domain_events where type = 'contact.updated' and contact_id = ${contactId} order by id`),
      ).map((r) => r.payload);
    const patch = async (body: Record<string, unknown>) => {
      const r = await admin.call('PATCH', `/api/contacts/${contactId}`, body);
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(contactId);
      return r.body;
    };

    expect((await patch({ name: 'Eda Koç Yıldız' })).name).toBe('Eda Koç Yıldız');
    expect((await patch({ name: 'Eda Koç Yıldız' })).name).toBe('Eda Koç Yıldız');
    await patch({});
    expect(await updates()).toEqual([{ changed: ['name'] }]);

    await patch({ birthday: '1990-05-04', labels: ['vip', 'vip'], attributes: { plan: 'gold' } });
    await patch({ birthday: '1990-05-04', labels: ['vip'], attributes: { plan: 'gold', gone: null } });
    await patch({ name: 'Eda Koç Yıldız', birthday: '05-04', timeZone: 'Europe/Istanbul' });
    expect(await updates()).toEqual([{ changed: ['name'] }, { changed: ['birthday', 'attributes', 'labels'] }, { changed: ['timeZone', 'birthday'] }]);
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

  it('finds a contact by the name an agent gave it, and no longer by the old one', async () => {
    const { contactId } = await inbound('r1', { id: 'pr', name: 'Deniz Ak', email: 'deniz.ak@example.com' });
    await admin.ok('PATCH', `/api/contacts/${contactId}`, { name: 'Deniz Karaoğlan' });
    expect((await admin.ok('GET', '/api/search?q=karaoglan')).contacts.map((c: any) => c.id)).toEqual([contactId]);
    expect((await admin.ok('GET', '/api/contacts?q=karaoğlan')).items.map((c: any) => c.id)).toEqual([contactId]);
    expect((await admin.ok('GET', '/api/contacts?q=deniz ak')).items.map((c: any) => c.id)).toEqual([]);
    // Still by its identities.
    expect((await admin.ok('GET', '/api/contacts?q=deniz.ak@example.com')).items.map((c: any) => c.id)).toEqual([contactId]);
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

  it('finds a nameless contact by the name an import gave it', async () => {
    const { contactId } = await inbound('n1', { id: 'pn', phone: '0533 444 22 11' });
    await admin.ok('POST', '/api/contacts/import', { rows: [{ name: 'Tülay Erdem', phone: '+90 533 444 22 11' }] });
    expect((await admin.ok('GET', '/api/contacts?q=tulay erdem')).items.map((c: any) => c.id)).toEqual([contactId]);
    expect((await admin.ok('GET', '/api/contacts?q=05334442211')).items.map((c: any) => c.id)).toEqual([contactId]);
  });

  it('announces an import to an existing contact only where it changes something', async () => {
    const { contactId } = await inbound('iu1', { id: 'piu', name: 'Oya Tan', email: 'oya@example.com' });
    const updates = async () =>
      rowsOf<{ n: number }>(await t.services.database.db.execute(sql`select count(*)::int as n from domain_events where type = 'contact.updated' and contact_id = ${contactId}`))[0]!.n;
    const row = { email: 'oya@example.com', timeZone: 'Europe/Istanbul', labels: ['vip'] };
    await admin.ok('POST', '/api/contacts/import', { rows: [row] });
    expect(await updates()).toBe(1);
    await admin.ok('POST', '/api/contacts/import', { rows: [row] });
    await admin.ok('POST', '/api/contacts/import', { rows: [{ email: 'oya@example.com', labels: ['vip'] }] });
    expect(await updates()).toBe(1);
    await admin.ok('POST', '/api/contacts/import', { rows: [{ email: 'oya@example.com', currency: 'EUR' }] });
    expect(await updates()).toBe(2);
    expect((await admin.ok('GET', `/api/contacts/${contactId}`)).labels).toEqual(['vip']);
  });

  it('exports everything about a contact and erases personal data on request', async () => {
    const r = await inbound('g1', { id: 'gdpr', name: 'Forget Me', email: 'forget@example.com' }, 'my secret address is 42 Street');
    await admin.ok('POST', '/api/orders', {
      orders: [
        {
          externalId: 'gdpr-1',
          contact: { email: 'forget@example.com' },
          placedAt: '2026-11-02T10:00:00Z',
          currency: 'TRY',
          total: '129.90',
          items: [{ name: 'Kettle', quantity: 1, unitPrice: '129.90' }],
        },
      ],
    });
    await admin.ok('POST', '/api/events/track', { events: [{ name: 'product_viewed', contact: { email: 'forget@example.com' }, properties: { sku: 'K-1' } }] });
    const exported = await admin.ok('GET', `/api/contacts/${r.contactId}/export`);
    expect(exported.contact.name).toBe('Forget Me');
    expect(exported.messages.map((m: any) => m.text)).toEqual(['my secret address is 42 Street']);
    // What they bought and did, what was computed about them, and where their data went are theirs to see too.
    expect(exported.orders).toMatchObject([{ externalId: 'gdpr-1', total: '129.90', items: [{ name: 'Kettle' }] }]);
    expect(exported.trackedEvents).toMatchObject([{ name: 'product_viewed', properties: { sku: 'K-1' } }]);
    expect(exported.value).toMatchObject({ orders: 1, totalSpent: '129.90' });
    for (const key of ['suppressions', 'engagements', 'satisfaction', 'campaigns', 'workflowRuns', 'merges', 'webhookDeliveries', 'assistCalls']) expect(exported[key]).toEqual([]);

    await admin.ok('DELETE', `/api/contacts/${r.contactId}`);
    const after = await admin.ok('GET', `/api/contacts/${r.contactId}`);
    expect(after).toMatchObject({ name: null, identities: [], erasedAt: expect.any(String) });
    const msgs = await admin.ok('GET', `/api/conversations/${r.conversationId}/messages`);
    expect(msgs.items[0].text).toBe('');
    expect((await admin.ok('GET', '/api/search?q=secret')).messages).toHaveLength(0);
    const agent = await admin.user(['agent']);
    expect((await agent.call('DELETE', `/api/contacts/${r.contactId}`)).status).toBe(403);
  });

  it('keeps nothing an erasure removed anywhere it could come back from: merge undo, tracked events, workflow variables', async () => {
    const a = await inbound('ge1', { id: 'gea', name: 'Gizli Kişi', email: 'gizli@example.com' });
    const b = await inbound('ge2', { id: 'geb', phone: '+90 555 987 65 43' });
    await admin.ok('PATCH', `/api/contacts/${b.contactId}`, { attributes: { address: 'Bağdat Cd. 12' } });
    const { mergeId } = await admin.ok('POST', '/api/contacts/merge', { intoId: a.contactId, fromId: b.contactId });
    await admin.ok('POST', '/api/events/track', { events: [{ name: 'cart_abandoned', contact: { email: 'gizli@example.com' }, properties: { shipTo: 'Bağdat Cd. 12' } }] });

    await admin.ok('DELETE', `/api/contacts/${a.contactId}`);
    // Undoing the merge would bring back both contacts as they were, name and address included.
    const undo = await admin.call('POST', `/api/contacts/merges/${mergeId}/revert`);
    expect(undo.status).toBe(409);
    expect(undo.body.error.code).toBe('merge_erased');
    expect((await admin.call('GET', `/api/contacts/${b.contactId}`)).status).toBe(404);
    expect(await admin.ok('GET', `/api/contacts/${a.contactId}`)).toMatchObject({ name: null, attributes: {} });
    // Nothing of them is stored any more: not in the merge's record, the tracked event or its domain event.
    const stored = await t.services.database.db.execute(sql`
      select (select count(*)::int from contact_merges where snapshot::text like '%Bağdat%' or snapshot::text like '%Gizli%') as merges,
             (select count(*)::int from customer_events where contact_id = ${a.contactId}) as tracked,
             (select count(*)::int from domain_events where payload::text like '%Bağdat%') as events`);
    expect(rowsOf(stored)[0]).toEqual({ merges: 0, tracked: 0, events: 0 });
    // An erased contact cannot be merged with another (it would hide the other's data under an erased record).
    const c = await inbound('ge3', { id: 'gec', name: 'Başka Biri' });
    expect((await admin.call('POST', '/api/contacts/merge', { intoId: a.contactId, fromId: c.contactId })).status).toBe(404);
    expect((await admin.call('POST', '/api/contacts/merge', { intoId: c.contactId, fromId: a.contactId })).status).toBe(404);
    expect((await admin.ok('GET', `/api/contacts/${c.contactId}`)).name).toBe('Başka Biri');
  });

  it('erases what contacts merged into the erased one recorded before their merge, through merges of merges', async () => {
    const a = await inbound('gm1', { id: 'gma', name: 'Saklı Ad', email: 'sakli@example.com' });
    const b = await inbound('gm2', { id: 'gmb', email: 'ara@example.com' });
    const c = await inbound('gm3', { id: 'gmc', name: 'Son Kayıt' });
    // Tracked for `a` while it was a contact of its own: the domain event names `a`.
    await admin.ok('POST', '/api/events/track', { events: [{ name: 'cart_abandoned', contact: { email: 'sakli@example.com' }, properties: { shipTo: 'Moda Cd. 7' } }] });
    await admin.ok('POST', '/api/contacts/merge', { intoId: b.contactId, fromId: a.contactId });
    await admin.ok('POST', '/api/contacts/merge', { intoId: c.contactId, fromId: b.contactId });

    await admin.ok('DELETE', `/api/contacts/${c.contactId}`);
    const stored = await t.services.database.db.execute(sql`
      select (select count(*)::int from contact_merges where snapshot::text like '%Saklı%' or snapshot::text like '%sakli@%' or snapshot::text like '%ara@%') as merges,
             (select count(*)::int from domain_events where payload::text like '%Moda Cd%') as events`);
    expect(rowsOf(stored)[0]).toEqual({ merges: 0, events: 0 });
  });
});
