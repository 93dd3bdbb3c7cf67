// A receiver that answers slowly, or not at all until the timeout, holds only its own deliveries: the others'
// receivers get theirs meanwhile, and a conversation's events follow one another as each is delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { deliverDue, fanOutEvents, webhookDeps, type WebhookDeps } from '../../server/webhooks/index.ts';
import { SLOTS_PER_SUBSCRIPTION } from '../../server/webhooks/deliver-due.ts';
import { createApiChannel, eventually, postInbound, type ApiChannel } from '../support/api-channel.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { signedReceiver } from './signed-receiver.ts';
import { fanOutCaughtUp } from './fan-out-caught-up.ts';

let t: TestApp;
let admin: Client;
let channel: ApiChannel;
let deps: WebhookDeps;

beforeAll(async () => {
  t = await createTestApp();
  admin = await Client.admin(t.app);
  channel = await createApiChannel(admin);
  // Longer than the test waits: the hanging receiver's requests stay on the wire until it is stopped.
  deps = { ...webhookDeps(t.services), timeoutMs: 120_000 };
});
afterAll(() => t.close());

async function subscribe(receiver: ReturnType<typeof signedReceiver>) {
  const created = await admin.ok('POST', '/api/webhooks', { url: receiver.url, events: ['message.created'] });
  receiver.secrets.push(created.secret);
}

/** Every event so far has become deliveries. */
const fannedOut = () => fanOutCaughtUp(t.services.database.db, () => fanOutEvents(deps));

describe('a receiver that hangs', () => {
  it('holds up neither another receiver nor the next events of a conversation', async () => {
    const hanging = signedReceiver();
    hanging.always('hang');
    const healthy = signedReceiver();
    await subscribe(hanging);
    await subscribe(healthy);
    const sent: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await postInbound(t.app, channel, { externalId: `slow-${i}`, from: { id: 'selin', name: 'Selin' }, text: `part ${i}` });
      sent.push((r.body as { messageId: string }).messageId);
    }
    await fannedOut();

    let settled = false;
    const sending = deliverDue(deps).finally(() => (settled = true));
    // All five reach the healthy receiver, one after another in order, while the hanging one still holds its first.
    await eventually(() => healthy.accepted.size === 5, 60_000);
    expect([...healthy.accepted.values()].map((r) => r.body.data.message.id)).toEqual(sent);
    expect(hanging.requests).toHaveLength(1);
    expect(settled).toBe(false);

    hanging.stop();
    await sending;
    const [failed] = rowsOf<{ status: string; attempts: number }>(
      await t.services.database.db.execute(
        sql`select status, attempts from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id where s.url = ${hanging.url} order by d.seq limit 1`,
      ),
    );
    // The hung attempt counts as a failure and is retried later, as any other.
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    healthy.stop();
  });

  it('holds at most its share of the slots, however many of its deliveries are due', async () => {
    for (const old of (await admin.ok('GET', '/api/webhooks')).items) await admin.call('DELETE', `/api/webhooks/${old.id}`);
    const hanging = signedReceiver();
    hanging.always('hang');
    const healthy = signedReceiver();
    await subscribe(hanging);
    await subscribe(healthy);
    // 25 customers, 25 conversations: more deliveries that may go at once than a process has slots.
    for (let i = 1; i <= 25; i++) await postInbound(t.app, channel, { externalId: `many-${i}`, from: { id: `many-${i}` }, text: 'hello' });
    await fannedOut();

    const sending = deliverDue(deps);
    await eventually(() => healthy.accepted.size === 25, 60_000);
    expect(hanging.requests).toHaveLength(SLOTS_PER_SUBSCRIPTION);
    hanging.stop();
    await sending;
    healthy.stop();
  });
});
