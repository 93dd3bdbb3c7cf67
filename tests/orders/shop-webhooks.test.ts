// Shop order webhooks with the platforms' sample payloads: signed deliveries stored once, forgeries refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { signShopBody } from '../../server/orders/shops/shop-signature.ts';
import { shopifyOrderCreate, shopifyRefundCreate, woocommerceOrder } from './shop-samples.ts';

describe('shop webhooks', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const r = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: r.status, body: await r.json() };
  };
  const countOrders = async () => (await t.services.database.db.query.orders.findMany()).length;
  const contactsCount = async () => (await t.services.database.db.query.contacts.findMany()).length;

  it('stores a Shopify order once whatever the retries, refuses a forgery, and finds the customer by email', async () => {
    const channel = await createApiChannel(admin);
    const { body: msg } = await postInbound(t.app, channel, { externalId: 'm1', from: { id: 'jon', email: 'Jon@Example.com' }, text: 'Where is my iPod?' });
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'shopify', name: 'Main shop', secret: 'shpss_0123456789abcdef' });
    expect(shop.url).toBe(`https://ulak.test/webhooks/shopify/${shop.id}`);
    const path = `/webhooks/shopify/${shop.id}`;
    const headers = (id: string, topic = 'orders/create', body = shopifyOrderCreate) => ({
      'x-shopify-topic': topic,
      'x-shopify-webhook-id': id,
      'x-shopify-hmac-sha256': signShopBody('shpss_0123456789abcdef', body),
    });

    expect(await post(path, shopifyOrderCreate, headers('w-1'))).toEqual({ status: 200, body: { result: 'stored', created: 1, updated: 0 } });
    expect(await post(path, shopifyOrderCreate, headers('w-1'))).toEqual({ status: 200, body: { result: 'duplicate', created: 0, updated: 0 } });
    expect(await post(path, shopifyOrderCreate, headers('w-2', 'orders/updated'))).toEqual({ status: 200, body: { result: 'stored', created: 0, updated: 1 } });
    const before = await contactsCount();
    const forged = await post(path, shopifyOrderCreate.replace('"403.00"', '"1.00"'), headers('w-3'));
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_signature');
    expect(await countOrders()).toBe(1);
    expect(await contactsCount()).toBe(before);

    const listed = await admin.ok('GET', `/api/contacts/${msg.contactId}/orders`);
    expect(listed.items.map((o: any) => [o.externalId, o.total, o.currency, o.status, o.placedAt])).toEqual([['820982911946154508', '403.00', 'USD', 'cancelled', '2022-01-01T00:00:00.000Z']]);
    expect(listed.items[0].items).toEqual([
      { sku: 'IPOD2008PINK', name: 'IPod Nano - 8GB', quantity: 1, unitPrice: '199.00' },
      { sku: 'IPOD2008PINK', name: 'IPod Nano - 8GB', quantity: 1, unitPrice: '199.00' },
    ]);
    const profile = await admin.ok('GET', `/api/contacts/${msg.contactId}`);
    expect(profile.identities.map((i: any) => i.value)).toContain(`shopify:${shop.id}:115310627314723954`);

    // refunds/create twice (a retry with a new webhook id): one refund of 199.00.
    for (const id of ['r-1', 'r-2']) expect((await post(path, shopifyRefundCreate, headers(id, 'refunds/create', shopifyRefundCreate))).status).toBe(200);
    expect((await admin.ok('GET', `/api/contacts/${msg.contactId}/orders`)).items[0].refunded).toBe('199.00');
  });

  it('refuses a signed order whose time Postgres cannot store with 422, never a 500 on every retry', async () => {
    const secret = 'shpss_0123456789abcdef';
    const shopify = await admin.ok('POST', '/api/integrations', { kind: 'shopify', name: 'Dates shop', secret });
    const woo = await admin.ok('POST', '/api/integrations', { kind: 'woocommerce', name: 'Dates woo', secret });
    const before = await countOrders();
    for (const year of ['0000', '+275760']) {
      const order = shopifyOrderCreate.replaceAll('"2021-12-31T19:00:00-05:00"', `"${year}-12-31T19:00:00-05:00"`);
      const shopifyHeaders = { 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': `y-${year}`, 'x-shopify-hmac-sha256': signShopBody(secret, order) };
      const refused = await post(`/webhooks/shopify/${shopify.id}`, order, shopifyHeaders);
      expect([refused.status, refused.body.error.code], year).toEqual([422, 'invalid_payload']);
      const wooOrder = woocommerceOrder.replace('"date_created_gmt":"2017-03-22T19:28:02"', `"date_created_gmt":"${year}-03-22T19:28:02"`);
      const wooHeaders = { 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': `y-${year}`, 'x-wc-webhook-signature': signShopBody(secret, wooOrder) };
      const wooRefused = await post(`/webhooks/woocommerce/${woo.id}`, wooOrder, wooHeaders);
      expect([wooRefused.status, wooRefused.body.error.code], year).toEqual([422, 'invalid_payload']);
    }
    expect(await countOrders()).toBe(before);
  });

  it('refuses a refund for an order that has not arrived yet so the shop retries it, and webhooks of a removed shop', async () => {
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'shopify', name: 'Second shop' });
    expect(shop.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const path = `/webhooks/shopify/${shop.id}`;
    const early = await post(path, shopifyRefundCreate, {
      'x-shopify-topic': 'refunds/create',
      'x-shopify-webhook-id': 'x-1',
      'x-shopify-hmac-sha256': signShopBody(shop.secret, shopifyRefundCreate),
    });
    expect(early).toEqual({ status: 409, body: { error: { code: 'order_unknown', message: 'No order 820982911946154508 has arrived yet for this refund' } } });
    const listed = await admin.ok('GET', '/api/integrations');
    expect(listed.items.find((i: any) => i.id === shop.id).secret).toBe(`••••${shop.secret.slice(-4)}`);
    await admin.ok('DELETE', `/api/integrations/${shop.id}`);
    const gone = await post(path, shopifyOrderCreate, { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopBody(shop.secret, shopifyOrderCreate) });
    expect(gone.status).toBe(404);
    expect((await post(`/webhooks/woocommerce/${shop.id}`, '{}', {})).status).toBe(404);
  });

  it('stores a WooCommerce order once whatever the retries, refuses a forgery, and finds the customer by email', async () => {
    const channel = await createApiChannel(admin);
    const { body: msg } = await postInbound(t.app, channel, { externalId: 'w1', from: { id: 'jd', email: 'john.doe@example.com' }, text: 'Hello' });
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'woocommerce', name: 'Woo', secret: 'woo-secret-0123456789' });
    const path = `/webhooks/woocommerce/${shop.id}`;
    const headers = (id: string, topic = 'order.created') => ({
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-delivery-id': id,
      'x-wc-webhook-signature': signShopBody('woo-secret-0123456789', woocommerceOrder),
    });
    const before = await countOrders();
    expect((await post(path, woocommerceOrder, headers('1'))).body).toEqual({ result: 'stored', created: 1, updated: 0 });
    expect((await post(path, woocommerceOrder, headers('1'))).body).toEqual({ result: 'duplicate', created: 0, updated: 0 });
    expect((await post(path, woocommerceOrder, headers('2', 'order.updated'))).body).toEqual({ result: 'stored', created: 0, updated: 1 });
    const forged = await post(path, woocommerceOrder, { ...headers('3'), 'x-wc-webhook-signature': signShopBody('not-the-secret-at-all', woocommerceOrder) });
    expect(forged).toEqual({ status: 401, body: { error: { code: 'invalid_signature', message: "The x-wc-webhook-signature header does not match the body signed with this integration's secret" } } });
    expect(await countOrders()).toBe(before + 1);
    const listed = await admin.ok('GET', `/api/contacts/${msg.contactId}/orders`);
    expect(listed.items.map((o: any) => [o.externalId, o.total, o.status, o.placedAt])).toEqual([['727', '29.35', 'paid', '2017-03-22T19:28:02.000Z']]);
    expect(listed.items[0].items).toEqual([
      { name: 'Woo Single #1', quantity: 2, unitPrice: '3.00' },
      { sku: 'Bar3', name: 'Ship Your Idea &ndash; Color: Black, Size: M Test', quantity: 1, unitPrice: '12.00' },
    ]);
  });
});
