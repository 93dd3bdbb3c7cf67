// Replies go through the durable queue: queued → sent; temporary failures are retried; permanent ones fail with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, eventually, postInbound, webhookReceiver } from '../support/api-channel.ts';
import { messages } from '../../server/db/schema/index.ts';
import { sendOutbound } from '../../server/outbound/send-outbound.ts';
import { requeueAbandonedSends } from '../../server/outbound/requeue-abandoned-sends.ts';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { applyDeliveryUpdate } from '../../server/outbound/apply-delivery-update.ts';
import { refuseWrites } from '../support/refuse-writes.ts';

describe('outbound replies', () => {
  let t: TestApp;
  let admin: Client;
  const receiver = webhookReceiver();
  let channel: { id: string; secret: string };

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin, receiver.url);
  });
  afterAll(async () => {
    receiver.stop();
    await t.close();
  });

  async function conversationFor(externalId: string) {
    return (await postInbound(t.app, channel, { externalId, from: { id: `cust-${externalId}`, name: 'Deniz' }, text: 'Kargom nerede?' })).body.conversationId as string;
  }
  const messageStatus = async (conversationId: string, id: string) => (await admin.ok('GET', `/api/conversations/${conversationId}/messages`)).items.find((m: any) => m.id === id);

  it('queues a reply, sends it through the channel, and records sent', async () => {
    const conv = await conversationFor('o1');
    const reply = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'Bugün çıkıyor' });
    expect(reply.status).toBe('queued');
    const sent = await eventually(async () => {
      const m = await messageStatus(conv, reply.id);
      return m.status === 'sent' && m;
    });
    expect(sent.error).toBeNull();
    expect(receiver.received.filter((r) => r.id === reply.id)).toEqual([expect.objectContaining({ text: 'Bugün çıkıyor', to: { id: 'cust-o1', name: 'Deniz' } })]);
  });

  it('retries a temporary failure and then sends once', async () => {
    const conv = await conversationFor('o2');
    receiver.failNext(503, 503);
    const reply = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'retry me' });
    await eventually(async () => (await messageStatus(conv, reply.id)).status === 'sent', 20_000);
    expect(receiver.received.filter((r) => r.id === reply.id)).toHaveLength(1);
  });

  it('marks a permanently refused reply failed with the reason', async () => {
    const conv = await conversationFor('o3');
    receiver.failNext(400);
    const reply = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'refused' });
    const failed = await eventually(async () => {
      const m = await messageStatus(conv, reply.id);
      return m.status === 'failed' && m;
    });
    expect(failed.error).toEqual({ code: 'REJECTED', message: 'webhook answered 400' });
  });

  it('sends once when two jobs for the same reply run at the same time (a retry beside a redelivered job)', async () => {
    const conv = await conversationFor('o6');
    // A note's row is never queued: write a reply row straight into the table so only these two calls can send it.
    const [row] = await t.services.database.db
      .insert(messages)
      .values({
        conversationId: conv,
        contactId: (await admin.ok('GET', `/api/conversations/${conv}`)).contact.id,
        channelId: channel.id,
        direction: 'out',
        senderType: 'user',
        text: 'only once',
        status: 'queued',
        metadata: { to: { kind: 'api', value: `${channel.id}:cust-o6` } },
      })
      .returning();
    await Promise.all([sendOutbound(t.services.send, { messageId: row!.id, attempt: 1 }), sendOutbound(t.services.send, { messageId: row!.id, attempt: 1 })]);
    expect(receiver.received.filter((r) => r.id === row!.id)).toHaveLength(1);
    expect((await messageStatus(conv, row!.id)).status).toBe('sent');
  });

  it('brings back a reply whose worker died mid-send: the retry waits out the claim instead of finishing empty-handed', async () => {
    const conv = await conversationFor('o7');
    const contactId = (await admin.ok('GET', `/api/conversations/${conv}`)).contact.id;
    const db = t.services.database.db;
    // The dead worker claimed the reply for five minutes, then its process was killed: no send, no outcome.
    const claimedUntil = new Date(Date.now() + 5 * 60_000);
    const [row] = await db
      .insert(messages)
      .values({
        conversationId: conv,
        contactId,
        channelId: channel.id,
        direction: 'out',
        senderType: 'user',
        text: 'survive the crash',
        status: 'queued',
        sendingUntil: claimedUntil,
        metadata: { to: { kind: 'api', value: `${channel.id}:cust-o7` } },
      })
      .returning();
    // pg-boss retries the dead job while the claim still holds: it must leave a job behind for when the claim ends.
    await sendOutbound(t.services.send, { messageId: row!.id, attempt: 1 });
    const waiting = await t.services.jobs.boss.findJobs('outbound-send', { data: { messageId: row!.id } });
    expect(waiting.filter((j) => j.state === 'created').map((j) => j.startAfter.getTime() >= claimedUntil.getTime())).toEqual([true]);
    expect(receiver.received.filter((r) => r.id === row!.id)).toHaveLength(0);

    // The claim runs out: the sweep gives the reply a fresh job and the worker sends it, once, with its idempotency key.
    await db
      .update(messages)
      .set({ sendingUntil: new Date(Date.now() - 1_000) })
      .where(eq(messages.id, row!.id));
    expect(await requeueAbandonedSends(t.services)).toBe(1);
    await eventually(async () => (await messageStatus(conv, row!.id)).status === 'sent', 20_000);
    const deliveries = receiver.received.flatMap((r, i) => (r.id === row!.id ? [receiver.idempotencyKeys[i]] : []));
    expect(deliveries).toEqual([row!.id]);
    expect(await requeueAbandonedSends(t.services)).toBe(0);
  });

  it('sends a reply once when the database refuses for a moment to record it as sent (the write is retried, not the send)', async () => {
    const conv = await conversationFor('o-record');
    const refusal = await refuseWrites(t.database, 'messages', "new.status = 'sent'");
    const reply = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'Yarın teslim edilecek' });
    await eventually(() => receiver.received.some((r) => r.id === reply.id), 30_000);
    // The first attempts to record it fail; then the database takes writes again.
    await new Promise((r) => setTimeout(r, 300));
    await refusal.lift();
    await eventually(async () => (await messageStatus(conv, reply.id)).status === 'sent', 30_000);
    // Long enough for a resend, had the failed write been taken for the provider's failure (retries are 50 ms apart in tests).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received.filter((r) => r.id === reply.id)).toHaveLength(1);
  });

  it('never sends a private note', async () => {
    const conv = await conversationFor('o4');
    const note = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'secret note', private: true });
    expect(note.private).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received.some((r) => r.text === 'secret note')).toBe(false);
  });

  it('makes a double-submitted reply with the same Idempotency-Key one message', async () => {
    const conv = await conversationFor('o5');
    const [a, b] = await Promise.all([
      admin.call('POST', `/api/conversations/${conv}/messages`, { text: 'once' }, { 'idempotency-key': 'click-1' }),
      admin.call('POST', `/api/conversations/${conv}/messages`, { text: 'once' }, { 'idempotency-key': 'click-1' }),
    ]);
    expect(a.body.id).toBe(b.body.id);
    await eventually(async () => (await messageStatus(conv, a.body.id)).status === 'sent');
    expect(receiver.received.filter((r) => r.text === 'once')).toHaveLength(1);
  });

  it('applies delivery callbacks forward only', async () => {
    const conv = await conversationFor('o6');
    const reply = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'track me' });
    await eventually(async () => (await messageStatus(conv, reply.id)).status === 'sent');
    const { sign } = await import('../../connectors/signature.ts');
    const callback = async (status: string) => {
      const body = JSON.stringify({ messageId: reply.id, status });
      await t.app.request(`/api/channels/${channel.id}/status`, { method: 'POST', headers: { 'x-ulak-signature': sign(channel.secret, body) }, body });
    };
    await callback('delivered');
    await callback('sent');
    expect((await messageStatus(conv, reply.id)).status).toBe('delivered');
    await callback('read');
    expect((await messageStatus(conv, reply.id)).status).toBe('read');
  });

  it("names the provider's error code in the status change of a send the provider reports failed (webhooks read it)", async () => {
    const conv = await conversationFor('o7');
    const reply = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'will bounce' });
    await eventually(async () => (await messageStatus(conv, reply.id)).status === 'sent');
    const [row] = await t.database.db.select().from(messages).where(eq(messages.id, reply.id));
    expect(await applyDeliveryUpdate(t.database, channel.id, { externalId: row!.externalId!, status: 'failed', error: { code: 'BLOCKED', message: 'the customer blocked this number' } })).toBe(true);
    const events = rowsOf<{ payload: { status: string; code?: string } }>(
      await t.database.db.execute(sql`select payload from domain_events where type = 'message.updated' and message_id = ${reply.id} order by id`),
    );
    expect(events.at(-1)!.payload).toEqual({ status: 'failed', code: 'BLOCKED' });
  });

  it('answers a delivery callback naming an id with NUL in it as one for no message, not with a 500 (found by the API fuzzer)', async () => {
    const { sign } = await import('../../connectors/signature.ts');
    const body = JSON.stringify({ messageId: '\u0000', status: 'read', error: 'x\u0000y' });
    const res = await t.app.request(`/api/channels/${channel.id}/status`, { method: 'POST', headers: { 'x-ulak-signature': sign(channel.secret, body) }, body });
    expect(res.status).toBeLessThan(300);
  });
});
