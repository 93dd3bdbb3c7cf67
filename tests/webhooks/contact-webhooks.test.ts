// Contact events as integrators receive them: every way a contact comes to exist announces it once with
// `contact.created`, whether a message, an order, a tracked event, an orders file or a shop names the customer first;
// `contact.updated` comes only when an edit changes something, and says what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { signShopBody } from '../../server/orders/shops/shop-signature.ts';
import { runWebhookTick, webhookDeps, type WebhookDeps } from '../../server/webhooks/index.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { csvImporter } from '../support/csv-import.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { woocommerceOrder } from '../orders/shop-samples.ts';
import { signedReceiver } from './signed-receiver.ts';

let t: TestApp;
let admin: Client;
let deps: WebhookDeps;
const receiver = signedReceiver();

beforeAll(async () => {
  t = await createTestApp();
  admin = await Client.admin(t.app);
  deps = webhookDeps(t.services);
});
afterAll(async () => {
  receiver.stop();
  await t.close();
});

const db = () => t.services.database.db;

/** The `contact.created` events recorded for the contact holding this email, with what they say of its origin. */
async function createdEventsOf(email: string) {
  return rowsOf<{ payload: Record<string, unknown> }>(
    await db().execute(sql`select e.payload from domain_events e join contact_identities i on i.contact_id = e.contact_id
      where e.type = 'contact.created' and i.kind = 'email' and i.value = ${email} order by e.id`),
  ).map((r) => r.payload);
}

/** Contacts that were announced other than exactly once: none, whichever way they were created. */
async function contactsNotAnnouncedOnce() {
  return rowsOf<{ id: string; n: number }>(
    await db().execute(sql`select c.id, (select count(*)::int from domain_events e where e.type = 'contact.created' and e.contact_id = c.id) as n
      from contacts c where (select count(*) from domain_events e where e.type = 'contact.created' and e.contact_id = c.id) <> 1`),
  );
}

const order = (externalId: string, email: string, name?: string) => ({ externalId, contact: { email, name }, placedAt: '2026-03-01T10:00:00Z', currency: 'TRY', total: '120.00' });

describe('contact.created', () => {
  it('is delivered once before the first order.placed when an order names a new buyer', async () => {
    const created = await admin.call('POST', '/api/webhooks', { url: receiver.url, events: ['contact.created', 'order.placed'], description: 'CRM' });
    expect(created.status).toBe(201);
    receiver.secrets.push(created.body.secret);
    await admin.ok('POST', '/api/orders', { orders: [order('A-1', 'new.buyer@example.com', 'New Buyer'), order('A-2', 'new.buyer@example.com')] });
    await admin.ok('POST', '/api/orders', { orders: [order('A-3', 'new.buyer@example.com')] });

    // Deliveries about one customer go out in event order: once the orders are in, whatever came before them is too.
    const bodies = () => [...receiver.accepted.values()].map((r) => r.body);
    for (let waited = 0; bodies().filter((b) => b.type === 'order.placed').length < 3; waited += 50) {
      if (waited > 20_000) throw new Error('the order.placed deliveries did not all arrive');
      await runWebhookTick(deps);
      await new Promise((r) => setTimeout(r, 50));
    }
    const [first] = bodies();
    expect(bodies().map((b) => b.type)).toEqual(['contact.created', 'order.placed', 'order.placed', 'order.placed']);
    const contactId = (await admin.ok('GET', '/api/contacts?q=new.buyer')).items[0].id;
    expect(first!.data.contact).toMatchObject({ id: contactId, name: 'New Buyer', identities: [{ kind: 'email', value: 'new.buyer@example.com' }] });
    expect(await createdEventsOf('new.buyer@example.com')).toEqual([{ source: 'order' }]);
  });

  it('is recorded when a tracked event names an unknown customer, and not again for their next events', async () => {
    await admin.ok('POST', '/api/events/track', { events: [{ name: 'cart_abandoned', contact: { email: 'browser@example.com' } }] });
    await admin.ok('POST', '/api/events/track', { events: [{ name: 'product_viewed', contact: { email: 'browser@example.com', name: 'Browsing Person' } }] });
    expect(await createdEventsOf('browser@example.com')).toEqual([{ source: 'event' }]);
    expect(await contactsNotAnnouncedOnce()).toEqual([]);
  });

  it('is recorded for each new customer of an orders file, and for none it already knew', async () => {
    const channel = await createApiChannel(admin);
    await postInbound(t.app, channel, { externalId: 'known-1', from: { id: 'known', email: 'known@example.com' }, text: 'Hello' });
    const buyers = Array.from({ length: 30 }, (_, i) => `csv.buyer${i}@example.com`);
    const csv = [
      'No,Email,Date,Currency,Total',
      ...buyers.flatMap((email, i) => [`C-${i}a,${email},2026-05-01,TRY,10.00`, `C-${i}b,${email},2026-05-02,TRY,12.00`]),
      'C-known,known@example.com,2026-05-03,TRY,15.00',
    ].join('\n');
    const importer = csvImporter(admin, 'orders');
    const upload = await importer.upload(csv, { No: 'externalId', Email: 'email', Date: 'placedAt', Currency: 'currency', Total: 'total' });
    expect(upload.status).toBe(202);
    expect(await importer.finished(upload.body.id)).toMatchObject({ status: 'completed', created: 61 });

    for (const email of buyers) expect(await createdEventsOf(email)).toEqual([{ source: 'order' }]);
    expect(await createdEventsOf('known@example.com')).toEqual([{ channelKind: 'api' }]);
    expect(await contactsNotAnnouncedOnce()).toEqual([]);
  });

  it("is recorded when a shop's order names a new customer, and not for the order's updates", async () => {
    const shop = await admin.ok('POST', '/api/integrations', { kind: 'woocommerce', name: 'Woo', secret: 'woo-secret-0123456789' });
    const deliver = (id: string, topic: string) =>
      t.app.request(`/webhooks/woocommerce/${shop.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': id, 'x-wc-webhook-signature': signShopBody('woo-secret-0123456789', woocommerceOrder) },
        body: woocommerceOrder,
      });
    expect((await deliver('1', 'order.created')).status).toBe(200);
    expect((await deliver('2', 'order.updated')).status).toBe(200);
    expect(await createdEventsOf('john.doe@example.com')).toEqual([{ source: 'order' }]);
    expect(await contactsNotAnnouncedOnce()).toEqual([]);
  });
});

describe('contact.updated', () => {
  it('is delivered with the fields that changed, and not for an edit that changes nothing', async () => {
    const created = await admin.call('POST', '/api/webhooks', { url: receiver.url, events: ['contact.updated'], description: 'CRM edits' });
    expect(created.status).toBe(201);
    receiver.secrets.push(created.body.secret);
    const channel = await createApiChannel(admin);
    const { contactId } = (await postInbound(t.app, channel, { externalId: 'edit-1', from: { id: 'editee', name: 'Selin' }, text: 'Hi' })).body;
    const updates = () => [...receiver.accepted.values()].filter((r) => r.body.type === 'contact.updated').map((r) => r.body.data);

    for (const body of [{ name: 'Selin Acar' }, { name: 'Selin Acar' }, {}, { name: 'Selin Acar', language: 'tr' }]) {
      expect((await admin.call('PATCH', `/api/contacts/${contactId}`, body)).status).toBe(200);
    }
    for (let waited = 0; updates().length < 2; waited += 50) {
      if (waited > 20_000) throw new Error('the contact.updated deliveries did not all arrive');
      await runWebhookTick(deps);
      await new Promise((r) => setTimeout(r, 50));
    }
    await runWebhookTick(deps);
    expect(updates().map((u) => [u.contact.id, u.changed])).toEqual([
      [contactId, ['name']],
      [contactId, ['language']],
    ]);
  });
});
