// Receipts that overtake their send: a provider may report on a message (delivered, failed) before the sender has
// written down the id the provider gave it. Such a receipt waits for that record and is applied with it, in order;
// one that no send ever names is dropped after a day.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../connectors/signature.ts';
import { ACCOUNT_SID, inboundParams } from '../../connectors/sms/testing/fixtures.ts';
import { rowsOf } from '../../server/db/client.ts';
import { earlyReceipts, messages } from '../../server/db/schema/index.ts';
import { applyDeliveryUpdate } from '../../server/outbound/apply-delivery-update.ts';
import { EARLY_RECEIPT_KEEP_MS, matchEarlyReceipts } from '../../server/outbound/early-receipts.ts';
import { sendMarketingBatch } from '../../server/outbound/marketing-lane.ts';
import { sendOutbound } from '../../server/outbound/send-outbound.ts';
import { performSend } from '../../server/workflows/perform-send.ts';
import { createApiChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';
import { smsApp } from '../support/sms-app.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

/** The status changes recorded for a message, in order. */
async function statusEvents(t: TestApp, messageId: string) {
  return rowsOf<{ payload: { status: string } }>(await t.database.db.execute(sql`select payload from domain_events where type = 'message.updated' and message_id = ${messageId} order by id`)).map(
    (r) => r.payload.status,
  );
}

const stored = async (t: TestApp, id: string) => (await t.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;

describe('an API channel whose integrator reports before it answers the webhook', () => {
  let t: TestApp;
  let admin: Client;
  let channel: ApiChannel;
  /** What the integrator reports for each delivery before answering it; nothing when absent. */
  let report: ((messageId: string) => Promise<string | undefined>) | undefined;
  const integrator = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const delivery = (await req.json()) as { id: string };
      const status = await report?.(delivery.id);
      if (status) {
        const body = JSON.stringify({ messageId: delivery.id, status });
        const answered = await t.app.request(`/api/channels/${channel.id}/status`, { method: 'POST', headers: { 'x-ulak-signature': sign(channel.secret, body) }, body });
        expect(answered.status).toBe(200);
      }
      return new Response('ok');
    },
  });

  beforeAll(async () => {
    // No workers: each send runs here, so the receipt is known to arrive while its send is on the wire.
    t = await createTestApp();
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin, `http://127.0.0.1:${integrator.port}/hook`);
  });
  afterAll(async () => {
    integrator.stop(true);
    await t.close();
  });

  async function customer(id: string) {
    return (await postInbound(t.app, channel, { externalId: `in-${id}`, from: { id, name: 'Deniz' }, text: 'Kargom nerede?' })).body as { conversationId: string; contactId: string };
  }

  it('moves a reply to delivered when the delivery receipt came while the send was on the wire', async () => {
    const { conversationId } = await customer('early-1');
    report = async () => 'delivered';
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Yarın teslim' });
    await sendOutbound(t.services.send, { messageId: reply.id, attempt: 1 });

    expect(await stored(t, reply.id)).toMatchObject({ status: 'delivered', externalId: reply.id });
    expect(await statusEvents(t, reply.id)).toEqual(['sent', 'delivered']);
    expect(await t.database.db.select().from(earlyReceipts)).toEqual([]);
  });

  it('applies several early receipts for one message from the first status to the furthest', async () => {
    const { conversationId } = await customer('early-2');
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Okundu mu?' });
    report = async (id) => {
      // The integrator's systems report read before delivered: each is kept, and they are applied in their order.
      expect(await applyDeliveryUpdate(t.database, channel.id, { externalId: id, status: 'read' })).toBe(false);
      return 'delivered';
    };
    await sendOutbound(t.services.send, { messageId: reply.id, attempt: 1 });
    expect((await stored(t, reply.id)).status).toBe('read');
    expect(await statusEvents(t, reply.id)).toEqual(['sent', 'delivered', 'read']);
  });

  it('moves each message of a marketing batch to delivered when its receipt came before the batch was recorded', async () => {
    report = async () => 'delivered';
    const sends = [];
    for (const id of ['early-m1', 'early-m2', 'early-m3']) {
      const { contactId, conversationId } = await customer(id);
      sends.push(
        await performSend(t.services, {
          runId: crypto.randomUUID(),
          stepId: 'promo',
          contactId,
          conversationId,
          purpose: 'marketing',
          text: 'Yeni sezon',
          channel: { kind: 'api', identity: { kind: 'api', value: `${channel.id}:${id}` } },
        }),
      );
    }
    expect(await sendMarketingBatch(t.services.send)).toMatchObject({ sent: 3 });
    for (const { messageId } of sends) {
      expect((await stored(t, messageId)).status).toBe('delivered');
      expect(await statusEvents(t, messageId)).toEqual(['sent', 'delivered']);
    }
  });

  it('is applied by the pass when the send was recorded by a transaction that did not see it', async () => {
    report = undefined;
    const { conversationId } = await customer('early-3');
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Yolda' });
    // On Postgres the receipt and the record can commit at the same moment, each not seeing the other: the receipt
    // is kept as early, and the record (written here as it would be) finds nothing waiting yet.
    expect(await applyDeliveryUpdate(t.database, channel.id, { externalId: 'SM-race', status: 'delivered' })).toBe(false);
    await t.database.db.update(messages).set({ status: 'sent', externalId: 'SM-race' }).where(eq(messages.id, reply.id));

    expect(await matchEarlyReceipts(t.database, new Date())).toEqual({ applied: 1, dropped: 0 });
    expect((await stored(t, reply.id)).status).toBe('delivered');
    expect(await t.database.db.select().from(earlyReceipts)).toEqual([]);
  });

  it('keeps no receipt for a message already further on, and drops one that no send has named for a day', async () => {
    const { conversationId } = await customer('early-4');
    report = undefined;
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Teslim edildi' });
    await sendOutbound(t.services.send, { messageId: reply.id, attempt: 1 });
    expect(await applyDeliveryUpdate(t.database, channel.id, { externalId: reply.id, status: 'read' })).toBe(true);
    expect(await applyDeliveryUpdate(t.database, channel.id, { externalId: reply.id, status: 'delivered' })).toBe(false);
    expect(await applyDeliveryUpdate(t.database, channel.id, { externalId: 'sent-from-elsewhere', status: 'delivered' })).toBe(false);
    expect((await t.database.db.select().from(earlyReceipts)).map((r) => r.externalId)).toEqual(['sent-from-elsewhere']);

    expect(await matchEarlyReceipts(t.database, new Date(Date.now() + EARLY_RECEIPT_KEEP_MS - 60_000))).toEqual({ applied: 0, dropped: 0 });
    expect(await matchEarlyReceipts(t.database, new Date(Date.now() + EARLY_RECEIPT_KEEP_MS + 60_000))).toEqual({ applied: 0, dropped: 1 });
    expect(await t.database.db.select().from(earlyReceipts)).toEqual([]);
    expect((await stored(t, reply.id)).status).toBe('read');
  });
});

describe('Twilio calling back before it answers the send', () => {
  let sms: Awaited<ReturnType<typeof smsApp>>;
  beforeAll(async () => {
    sms = await smsApp();
  });
  afterAll(() => sms.close());

  it('marks the SMS failed with the reason Twilio gave, not sent', async () => {
    expect((await sms.twilioPost('sms', inboundParams('Merhaba'))).status).toBe(200);
    const [conv] = (await sms.admin.ok('GET', '/api/conversations')).items;
    sms.fake.beforeAnswer = async ({ sid }) => {
      const callback = await sms.twilioPost('status', { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset', AccountSid: ACCOUNT_SID });
      expect(callback.status).toBeLessThan(300);
    };
    const reply = await sms.admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Siparişiniz yolda' });
    await sendOutbound(sms.t.services.send, { messageId: reply.id, attempt: 1 });

    const message = await stored(sms.t, reply.id);
    expect(message).toMatchObject({ status: 'failed', errorMessage: 'Unreachable destination handset' });
    expect(message.externalId).toMatch(/^SM/);
    expect(await statusEvents(sms.t, reply.id)).toEqual(['sent', 'failed']);
    const shown = (await sms.admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((m: any) => m.id === reply.id);
    expect(shown.status).toBe('failed');
  });
});
