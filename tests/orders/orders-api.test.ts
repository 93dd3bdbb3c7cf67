// Orders and events in through the API: idempotent batches, rejections in words, and the customer found by identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { PROPERTY_SAMPLE } from '../../server/orders/index.ts';

const order = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  contact: { email: 'buyer@example.com' },
  placedAt: '2026-03-01T10:00:00Z',
  currency: 'TRY',
  total: '100.00',
  items: [{ sku: 'S1', name: 'Scarf', category: 'accessories', quantity: 1, unitPrice: '100.00' }],
  ...over,
});

describe('orders API', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  it('stores the good rows, rejects the bad ones in words, and a resend updates instead of duplicating', async () => {
    const first = await admin.ok('POST', '/api/orders', { orders: [order('A-1'), order('A-2', { currency: 'XXQ' }), order('A-3', { total: '12345678901.99', placedAt: '2026-02-01T10:00:00Z' })] });
    expect(first.created).toBe(2);
    expect(first.updated).toBe(0);
    expect(first.rejected).toEqual([{ index: 1, code: 'invalid', message: 'currency: must be an ISO 4217 currency code such as TRY' }]);

    const again = await admin.ok('POST', '/api/orders', {
      orders: [order('A-1', { total: '150.50', status: 'refunded' }), order('A-3', { total: '12345678901.99', placedAt: '2026-02-01T10:00:00Z' })],
    });
    expect(again).toEqual({ created: 0, updated: 2, rejected: [] });

    const contactId = (await admin.ok('GET', '/api/contacts?q=buyer')).items[0].id;
    const listed = await admin.ok('GET', `/api/contacts/${contactId}/orders`);
    expect(listed.items.map((o: any) => [o.externalId, o.total, o.status])).toEqual([
      ['A-1', '150.50', 'refunded'],
      ['A-3', '12345678901.99', 'paid'],
    ]);
    expect(listed.items[0].items).toEqual([{ sku: 'S1', name: 'Scarf', category: 'accessories', quantity: 1, unitPrice: '100.00' }]);
  });

  it('keeps the later of two rows for the same order in one call and rejects rows with an unusable customer', async () => {
    const r = await admin.ok('POST', '/api/orders', { orders: [order('D-1'), order('D-2', { contact: { email: 'not-an-email' } }), order('D-1', { total: '7.00' }), order('D-3', { total: 12.5 })] });
    expect(r.created).toBe(2);
    expect(r.rejected).toEqual([
      { index: 0, code: 'duplicate', message: 'order D-1 of source api appears again at index 2, which is the one kept' },
      { index: 1, code: 'invalid_contact', message: 'contact.email: "not-an-email" is not an email address' },
    ]);
    const contactId = (await admin.ok('GET', '/api/contacts?q=buyer')).items[0].id;
    const listed = await admin.ok('GET', `/api/contacts/${contactId}/orders?limit=200`);
    expect(
      listed.items
        .filter((o: any) => o.externalId.startsWith('D-'))
        .map((o: any) => [o.externalId, o.total])
        .sort(),
    ).toEqual([
      ['D-1', '7.00'],
      ['D-3', '12.50'],
    ]);
  });

  it('finds the customer of an order on the contact their messages made, by email or phone written any way', async () => {
    const channel = await createApiChannel(admin);
    const { body } = await postInbound(t.app, channel, { externalId: 'm1', from: { id: 'p1', name: 'Ayşe', email: 'Ayse@Example.com', phone: '0532 555 44 33' }, text: 'Merhaba' });
    await admin.ok('POST', '/api/orders', { orders: [order('B-1', { contact: { email: '  AYSE@example.COM ' } }), order('B-2', { contact: { phone: '+90 (532) 555-4433' } })] });
    const listed = await admin.ok('GET', `/api/contacts/${body.contactId}/orders`);
    expect(listed.items.map((o: any) => o.externalId).sort()).toEqual(['B-1', 'B-2']);
  });

  it('makes an unknown customer a contact with no marketing consent, known by the shop id afterwards', async () => {
    await admin.ok('POST', '/api/orders', { orders: [order('C-1', { source: 'shop', contact: { externalId: 'cust-9', name: 'Deniz Kaya' } })] });
    await admin.ok('POST', '/api/orders', { orders: [order('C-2', { source: 'shop', placedAt: '2026-04-01T10:00:00+03:00', contact: { externalId: 'cust-9', email: 'deniz@example.com' } })] });
    const found = await admin.ok('GET', '/api/contacts?q=deniz');
    expect(found.items).toHaveLength(1);
    const profile = await admin.ok('GET', `/api/contacts/${found.items[0].id}`);
    expect(profile.consents).toEqual([]);
    expect(profile.identities.map((i: any) => `${i.kind}:${i.value}`).sort()).toEqual(['api:shop:cust-9', 'email:deniz@example.com']);
    expect((await admin.ok('GET', `/api/contacts/${found.items[0].id}/orders`)).items.map((o: any) => o.externalId)).toEqual(['C-2', 'C-1']);
  });

  it('tracks events against the contact and rejects a bad one', async () => {
    const r = await admin.ok('POST', '/api/events/track', {
      events: [
        { name: 'cart_abandoned', contact: { email: 'buyer@example.com' }, occurredAt: '2026-03-02T09:00:00Z', properties: { value: '45.00' } },
        { name: 'Bad Name', contact: { email: 'buyer@example.com' } },
      ],
    });
    expect(r).toEqual({ created: 1, rejected: [{ index: 1, code: 'invalid', message: 'name: must be a lower-case event name such as cart_abandoned' }] });
    const rows = await t.services.database.db.query.customerEvents.findMany();
    expect(rows.map((e) => [e.name, e.properties, e.occurredAt.toISOString()])).toEqual([['cart_abandoned', { value: '45.00' }, '2026-03-02T09:00:00.000Z']]);
  });

  it('lists the property names seen on an event’s latest rows, with their types and how often, for checking a trigger’s filters', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 9, minute)).toISOString();
    const event = (minute: number, properties: Record<string, unknown>, name = 'checkout_started') => ({ name, contact: { email: 'buyer@example.com' }, occurredAt: at(minute), properties });
    await admin.ok('POST', '/api/events/track', {
      events: [
        event(1, { value: '45.00', items: 2 }),
        event(2, { value: 30, store: 'web' }),
        event(3, { value: '10.00', items: 3, gift: false }),
        event(4, {}),
        event(5, { sku: 'S1' }, 'product_viewed'),
      ],
    });
    const marketer = await admin.user(['marketer']);
    expect(await marketer.ok('GET', '/api/events/properties?name=checkout_started')).toEqual({
      name: 'checkout_started',
      sampled: 4,
      properties: [
        { name: 'value', types: ['number', 'string'], seen: 3 },
        { name: 'items', types: ['number'], seen: 2 },
        { name: 'gift', types: ['boolean'], seen: 1 },
        { name: 'store', types: ['string'], seen: 1 },
      ],
    });
    // A name never tracked is an empty answer (the event may not have arrived yet), not an error.
    expect(await marketer.ok('GET', '/api/events/properties?name=never_sent')).toEqual({ name: 'never_sent', sampled: 0, properties: [] });
    expect(await marketer.call('GET', '/api/events/properties?name=Bad%20Name')).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('lower-case event name') } } });
    expect((await marketer.call('GET', '/api/events/properties')).status).toBe(422);
    expect((await (await admin.user(['agent'])).call('GET', '/api/events/properties?name=checkout_started')).status).toBe(403);

    // Only the latest rows are read: a property that stopped being sent drops out once newer events fill the sample.
    await admin.ok('POST', '/api/events/track', { events: [event(0, { legacy: true }, 'page_viewed')] });
    await admin.ok('POST', '/api/events/track', { events: Array.from({ length: PROPERTY_SAMPLE }, (_, i) => event(10 + (i % 50), { path: `/p/${i}` }, 'page_viewed')) });
    expect(await marketer.ok('GET', '/api/events/properties?name=page_viewed')).toEqual({
      name: 'page_viewed',
      sampled: PROPERTY_SAMPLE,
      properties: [{ name: 'path', types: ['string'], seen: PROPERTY_SAMPLE }],
    });
  });

  it('rejects an order or event dated year 0 or past 9999 as a row in words, never a 500', async () => {
    const range = 'must be a date between the years 1000 and 9999';
    const orders = await admin.call('POST', '/api/orders', { orders: [order('Y-0', { placedAt: '0000-06-01T00:00:00Z' }), order('Y-1', { placedAt: '+275760-01-01T00:00:00Z' })] });
    expect([orders.status, orders.body.rejected.map((r: any) => r.message)]).toEqual([200, [`placedAt: ${range}`, expect.stringContaining('placedAt')]]);
    const events = await admin.call('POST', '/api/events/track', { events: [{ name: 'cart_abandoned', contact: { email: 'buyer@example.com' }, occurredAt: '0000-06-01T00:00:00Z' }] });
    expect([events.status, events.body]).toEqual([200, { created: 0, rejected: [{ index: 0, code: 'invalid', message: `occurredAt: ${range}` }] }]);
  });

  it('lets admins and marketers (and their API tokens) send orders, not agents', async () => {
    const agent = await admin.user(['agent']);
    expect((await agent.call('POST', '/api/orders', { orders: [order('R-1')] })).status).toBe(403);
    const marketer = await admin.user(['marketer']);
    expect((await marketer.ok('POST', '/api/orders', { orders: [order('R-1')] })).created).toBe(1);
    expect((await admin.call('POST', '/api/orders', { orders: [] })).status).toBe(422);
  });

  it('documents the customer value routes in /api/openapi.json', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const has = (path: string, method: string) => !!doc.paths[path]?.[method];
    expect([
      has('/api/orders', 'post'),
      has('/api/events/track', 'post'),
      has('/api/events/properties', 'get'),
      has('/api/contacts/{id}/orders', 'get'),
      has('/api/integrations', 'post'),
      has('/api/integrations', 'get'),
      has('/api/integrations/{id}', 'delete'),
      has('/webhooks/shopify/{integrationId}', 'post'),
      has('/webhooks/woocommerce/{integrationId}', 'post'),
      has('/api/workspace/currency-rates', 'get'),
      has('/api/workspace/currency-rates', 'put'),
    ]).toEqual(Array(11).fill(true));
    // A row's shape is documented although rows are checked one by one.
    const row = (path: string, list: string) => doc.paths[path].post.requestBody.content['application/json'].schema.properties[list].items;
    expect(row('/api/orders', 'orders')).toMatchObject({ type: 'object', required: expect.arrayContaining(['externalId', 'contact', 'placedAt', 'currency', 'total']) });
    expect(Object.keys(row('/api/orders', 'orders').properties)).toEqual(expect.arrayContaining(['externalId', 'source', 'contact', 'placedAt', 'currency', 'total', 'status', 'items']));
    expect(Object.keys(row('/api/events/track', 'events').properties)).toEqual(expect.arrayContaining(['name', 'contact', 'occurredAt', 'properties']));
  });
});
