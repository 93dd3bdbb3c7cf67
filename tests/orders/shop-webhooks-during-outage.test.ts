// WooCommerce does not send a failed webhook delivery again (and disables the webhook after five failures in a row),
// so an order placed while the database restarts or fails over was lost: the delivery was answered 503. A verified
// delivery the database cannot take now is kept on disk and answered 202, and the spool pass stores it, once, when the
// database is back; a delivery that cannot be verified is still refused and nothing is kept.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUND_WAITS_MS, storeSpooledShopDeliveries } from '../../server/orders/shops/shop-spool.ts';
import { signShopBody } from '../../server/orders/shops/shop-signature.ts';
import { createIntegration } from '../../server/orders/index.ts';
import { refuseReads, refuseWrites, type Refusal } from '../support/refuse-writes.ts';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';
import { shopifyOrderCreate, shopifyRefundCreate, woocommerceOrder } from './shop-samples.ts';

describe('shop webhooks while the database is away', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  const WOO_SECRET = 'woo-secret-0123456789';
  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const r = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: r.status, body: await r.json() };
  };
  const woo = (id: string, topic = 'order.created', secret = WOO_SECRET) => ({
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-delivery-id': id,
    'x-wc-webhook-signature': signShopBody(secret, woocommerceOrder),
  });
  const shopify = (id: string, topic: string, body: string, secret: string) => ({ 'x-shopify-topic': topic, 'x-shopify-webhook-id': id, 'x-shopify-hmac-sha256': signShopBody(secret, body) });
  const kept = async (integrationId: string) => (await readdir(join(t.services.spoolDir, 'shops', integrationId)).catch(() => [])).filter((n) => n.endsWith('.json'));
  const pass = (later = 0) => storeSpooledShopDeliveries({ ...t.services, secretKey: t.services.config.secretKey, region: () => 'TR', now: () => new Date(Date.now() + later) }, t.services.spoolDir);
  const ordersOf = async (source: string) => (await t.services.database.db.query.orders.findMany({ where: (o, { eq }) => eq(o.source, source) })).map((o) => [o.externalId, o.refunded]);

  it('keeps a WooCommerce order that came while writes were refused, and stores it once when the database is back', async () => {
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'woocommerce', name: 'Woo', secret: WOO_SECRET });
    const path = `/webhooks/woocommerce/${shop.id}`;
    const outage = await refuseWrites(t.services.database, 'integration_deliveries', 'true', '57P03');
    expect(await post(path, woocommerceOrder, woo('d-1'))).toEqual({ status: 202, body: { result: 'queued', created: 0, updated: 0 } });
    // The same delivery again (a manual resend from WooCommerce's log): kept again, stored once.
    expect((await post(path, woocommerceOrder, woo('d-1'))).status).toBe(202);
    expect(await kept(shop.id)).toHaveLength(2);
    expect(await pass()).toEqual({ files: 1, stored: 0, left: 1, away: true }); // still away: the pass stops at the first
    expect(await kept(shop.id)).toHaveLength(2);

    await outage.lift();
    expect(await pass()).toEqual({ files: 2, stored: 1, left: 0, away: false });
    expect(await kept(shop.id)).toEqual([]);
    expect(await ordersOf(`woocommerce:${shop.id}`)).toEqual([['727', '0.00']]);
    const [contact] = (await admin.ok('GET', '/api/contacts?q=john.doe@example.com')).items;
    expect((await admin.ok('GET', `/api/contacts/${contact.id}/orders`)).items.map((o: any) => o.total)).toEqual(['29.35']);
  });

  it('verifies a delivery against the secret it last knew while even reading it fails, and refuses a forgery', async () => {
    // Connected through this process: its secret is known from then on.
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'woocommerce', name: 'Woo 2', secret: WOO_SECRET });
    const path = `/webhooks/woocommerce/${shop.id}`;
    const writes = await refuseWrites(t.services.database, 'integration_deliveries', 'true', '57P03');
    const reads = await refuseReads(t.services.database, 'integrations');
    const forged = await post(path, woocommerceOrder, woo('d-2', 'order.created', 'not-the-secret-at-all'));
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'invalid_signature' } } });
    expect(await post(path, woocommerceOrder, woo('d-2', 'order.updated'))).toMatchObject({ status: 202, body: { result: 'queued' } });
    // An integration this process has never read cannot be verified: refused as unavailable, nothing kept.
    const unknown = await post(`/webhooks/woocommerce/${crypto.randomUUID()}`, woocommerceOrder, woo('d-3'));
    expect(unknown).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(await kept(shop.id)).toHaveLength(1);
    expect(await pass()).toEqual({ files: 1, stored: 0, left: 1, away: true });

    await reads.lift();
    await writes.lift();
    expect(await pass()).toEqual({ files: 1, stored: 1, left: 0, away: false });
    expect(await ordersOf(`woocommerce:${shop.id}`)).toEqual([['727', '0.00']]);
  });

  it('knows the secret of a shop connected through another process after the next spool pass has read the secrets', async () => {
    const { row } = await createIntegration(t.services.database.db, t.services.config.secretKey, { kind: 'woocommerce', name: 'Woo elsewhere', secret: WOO_SECRET });
    const path = `/webhooks/woocommerce/${row.id}`;
    const outage = async () => [await refuseWrites(t.services.database, 'integration_deliveries', 'true', '57P03'), await refuseReads(t.services.database, 'integrations')];
    const lift = async (refusals: Refusal[]) => {
      for (const r of refusals.reverse()) await r.lift();
    };
    let refusals = await outage();
    expect((await post(path, woocommerceOrder, woo('e-1'))).status).toBe(503);
    await lift(refusals);

    await t.services.shopSecrets.load(t.services.database.db, t.services.config.secretKey); // what each spool pass does
    refusals = await outage();
    expect((await post(path, woocommerceOrder, woo('e-1'))).status).toBe(202);
    await lift(refusals);
    expect(await pass()).toEqual({ files: 1, stored: 1, left: 0, away: false });
  });

  it('stores kept deliveries in the order they came, so a refund finds the order kept before it', async () => {
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'shopify', name: 'Shopify', secret: 'shpss_0123456789abcdef' });
    const path = `/webhooks/shopify/${shop.id}`;
    const outage = await refuseWrites(t.services.database, 'integration_deliveries', 'true', '57P03');
    expect((await post(path, shopifyOrderCreate, shopify('o-1', 'orders/create', shopifyOrderCreate, 'shpss_0123456789abcdef'))).status).toBe(202);
    expect((await post(path, shopifyRefundCreate, shopify('r-1', 'refunds/create', shopifyRefundCreate, 'shpss_0123456789abcdef'))).status).toBe(202);
    await outage.lift();
    expect(await pass()).toEqual({ files: 2, stored: 2, left: 0, away: false });
    expect(await ordersOf(`shopify:${shop.id}`)).toEqual([['820982911946154508', '199.00']]);
  });

  it('lets a refund wait for an order still to come, at most a day, and drops what a deleted integration left', async () => {
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'shopify', name: 'Shopify 2', secret: 'shpss_fedcba9876543210' });
    const outage = await refuseWrites(t.services.database, 'integration_deliveries', 'true', '57P03');
    expect((await post(`/webhooks/shopify/${shop.id}`, shopifyRefundCreate, shopify('r-2', 'refunds/create', shopifyRefundCreate, 'shpss_fedcba9876543210'))).status).toBe(202);
    const woocommerce = await admin.ok('POST', '/api/integrations', { kind: 'woocommerce', name: 'Woo 3', secret: WOO_SECRET });
    expect((await post(`/webhooks/woocommerce/${woocommerce.id}`, woocommerceOrder, woo('d-4'))).status).toBe(202);
    await outage.lift();
    await admin.ok('DELETE', `/api/integrations/${woocommerce.id}`);

    expect(await pass()).toEqual({ files: 2, stored: 0, left: 1, away: false });
    expect(await kept(shop.id)).toHaveLength(1);
    expect(await kept(woocommerce.id)).toEqual([]);
    expect(await pass(REFUND_WAITS_MS + 60_000)).toEqual({ files: 1, stored: 0, left: 0, away: false });
    expect(await kept(shop.id)).toEqual([]);
  });
});
