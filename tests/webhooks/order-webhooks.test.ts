// Customer value reaches integrators: an order posted through the API goes out as a signed `order.placed` delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { runWebhookTick, webhookDeps, type WebhookDeps } from '../../server/webhooks/index.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
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

/** Ticks until every order.placed event so far is delivered (the gap-free cursor may wait on other sessions briefly). */
async function deliveredAll(subscriptionId: string) {
  const [placed] = rowsOf<{ n: number }>(await t.services.database.db.execute(sql`select count(*)::int as n from domain_events where type = 'order.placed'`));
  for (let waited = 0; waited < 20_000; waited += 50) {
    await runWebhookTick(deps);
    const log = (await admin.ok('GET', `/api/webhooks/${subscriptionId}/deliveries`)).items;
    if (log.length === placed!.n && log.every((d: any) => d.status === 'delivered')) return log;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the order.placed deliveries did not all arrive');
}

describe('order webhooks', () => {
  it('sends each new order to an order.placed subscriber, signed, in order for the customer, and never a resend', async () => {
    const created = await admin.call('POST', '/api/webhooks', { url: receiver.url, events: ['order.placed'], description: 'ERP' });
    expect(created.status).toBe(201);
    receiver.secrets.push(created.body.secret);
    const order = (externalId: string, placedAt: string, total: string) => ({ externalId, contact: { email: 'buyer@example.com', name: 'Buyer' }, placedAt, currency: 'TRY', total });
    await admin.ok('POST', '/api/orders', { orders: [order('W-1', '2026-03-01T10:00:00Z', '120.00'), order('W-2', '2026-03-05T10:00:00Z', '80.50')] });
    await admin.ok('POST', '/api/orders', { orders: [order('W-1', '2026-03-01T10:00:00Z', '125.00')] }); // an update places nothing

    const log = await deliveredAll(created.body.id);
    expect(log).toHaveLength(2);
    const received = receiver.requests;
    expect(received).toHaveLength(2);
    expect(received.every((r) => r.verifiedBy.length === 1 && r.body.type === 'order.placed')).toBe(true);
    const contactId = (await admin.ok('GET', '/api/contacts?q=buyer')).items[0].id;
    expect(received.map((r) => [r.body.data.contactId, r.body.data.externalId, r.body.data.total, r.body.data.currency, r.body.data.nth])).toEqual([
      [contactId, 'W-1', '120.00', 'TRY', 1],
      [contactId, 'W-2', '80.50', 'TRY', 2],
    ]);
  });

  it('offers the value events in the OpenAPI document’s subscription body', async () => {
    const doc = await admin.ok('GET', '/api/openapi.json');
    const events = doc.paths['/api/webhooks'].post.requestBody.content['application/json'].schema.properties.events.items.enum;
    expect(events).toEqual(expect.arrayContaining(['order.placed', 'event.tracked', 'rfm.segment_changed', 'churn_risk.entered', 'campaign.completed']));
  });
});
