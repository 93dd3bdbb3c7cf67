// Outbound webhooks end to end: real events from the API, a local receiver that fails, hangs and recovers, and a clock
// the test moves; deliveries are verified with the Standard Webhooks library itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { replayDeliveries, runWebhookTick, webhookDeps, type WebhookDeps } from '../../server/webhooks/index.ts';
import { createApiChannel, eventually, postInbound } from '../support/api-channel.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { openStream } from '../support/sse-stream.ts';
import { signedReceiver } from './signed-receiver.ts';
import { fanOutCaughtUp } from './fan-out-caught-up.ts';
import { claimDeliveries } from '../../server/webhooks/claim-deliveries.ts';
import { recordAttempt } from '../../server/webhooks/record-attempt.ts';
import { DEFAULT_DISABLE_POLICY } from '../../server/webhooks/webhook-deps.ts';

const HOUR = 3_600_000;
let now = new Date('2026-06-15T10:00:00Z');
let t: TestApp;
let admin: Client;
let deps: WebhookDeps;
let channel: { id: string; secret: string };
let receiver: ReturnType<typeof signedReceiver>;
let n = 0;

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  admin = await Client.admin(t.app);
  channel = await createApiChannel(admin);
  deps = { ...webhookDeps(t.services), timeoutMs: 300, disable: { failures: 4, afterMs: 60 * 60_000 } };
});
afterAll(() => t.close());
beforeEach(() => receiver?.stop());

async function subscribe(events: string[]) {
  // One subscription at a time: the previous test's receiver is gone.
  for (const old of (await admin.ok('GET', '/api/webhooks')).items) expect((await admin.call('DELETE', `/api/webhooks/${old.id}`)).status).toBe(204);
  receiver = signedReceiver();
  const created = await admin.call('POST', '/api/webhooks', { url: receiver.url, events, description: 'CRM sync' });
  expect(created.status).toBe(201);
  receiver.secrets.push(created.body.secret);
  return created.body as { id: string; secret: string };
}

const inbound = async (customer: string) =>
  (await postInbound(t.app, channel, { externalId: `m${++n}`, from: { id: customer, name: `Customer ${customer}` }, text: `message ${n}` })).body as { conversationId: string; messageId: string };

const caughtUp = () => fanOutCaughtUp(t.services.database.db, () => runWebhookTick(deps));

/** Ticks, moving the clock past the longest backoff each time, until nothing is pending. */
async function drain(id: string, maxTicks = 12) {
  await caughtUp();
  for (let i = 0; i < maxTicks; i++) {
    await runWebhookTick(deps);
    const pending = (await admin.ok('GET', `/api/webhooks/${id}/deliveries?status=pending`)).items.length;
    if (!pending) return i + 1;
    now = new Date(now.getTime() + 11 * HOUR);
  }
  throw new Error('deliveries still pending');
}

describe('outbound webhooks', () => {
  it('delivers every event at least once, in order per conversation, through a failure and a hang', async () => {
    const sub = await subscribe(['message.created', 'conversation.created', 'contact.created']);
    receiver.then('fail', 'hang');
    const a1 = await inbound('ayse');
    const b1 = await inbound('burak');
    const a2 = await inbound('ayse');
    const a3 = await inbound('ayse');
    await drain(sub.id);

    // 2 contacts + 2 conversations + 4 messages, each accepted once; 2 extra requests were the failure and the hang.
    expect(receiver.accepted.size).toBe(8);
    expect(receiver.requests.length).toBe(10);
    expect(receiver.requests.every((r) => r.verifiedBy.length === 1)).toBe(true);
    expect(new Set(receiver.requests.map((r) => r.webhookId)).size).toBe(8);
    const byType = (type: string) => [...receiver.accepted.values()].filter((r) => r.body.type === type);
    expect(
      byType('contact.created')
        .map((r) => r.body.data.contact.name)
        .sort(),
    ).toEqual(['Customer ayse', 'Customer burak']);
    expect(
      byType('message.created')
        .map((r) => r.body.data.message.id)
        .sort(),
    ).toEqual([a1.messageId, a2.messageId, a3.messageId, b1.messageId].sort());

    // Every request for Ayşe's conversation, failed ones included, went out in event order.
    const ayse = receiver.requests.filter((r) => r.body.data.conversationId === a1.conversationId);
    const ids = ayse.map((r) => Number(r.webhookId.slice(4)));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect([...new Set(ayse.map((r) => r.body.data.message?.id ?? r.body.type))]).toEqual(['conversation.created', a1.messageId, a2.messageId, a3.messageId]);

    const log = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
    expect(log).toHaveLength(8);
    expect(log.every((d: any) => d.status === 'delivered' && d.responseStatus === 204 && typeof d.responseMs === 'number')).toBe(true);
    expect(log.map((d: any) => d.attempts).sort()).toEqual([1, 1, 1, 1, 1, 1, 2, 2]);
    expect(log.every((d: any) => d.webhookId === `evt_${d.eventId}`)).toBe(true);
  });

  it('never creates a second delivery for an event, however often the fan-out runs', async () => {
    const sub = await subscribe(['message.created']);
    await inbound('cem');
    await Promise.all([runWebhookTick(deps), runWebhookTick(deps), runWebhookTick(deps)]);
    await drain(sub.id);
    const [row] = rowsOf<{ n: number }>(await t.services.database.db.execute(sql`select count(*)::int as n from webhook_deliveries where subscription_id = ${sub.id}`));
    expect(row!.n).toBe(1);
    expect(receiver.requests.length).toBe(1);
  });

  it('replays one delivery, then every delivery since a time, with the same webhook-id', async () => {
    const sub = await subscribe(['message.created']);
    const start = new Date();
    await inbound('deniz');
    await inbound('deniz');
    await drain(sub.id);
    const [latest, first] = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { deliveryId: first.id })).toEqual({ replayed: 1, created: 0 });
    await drain(sub.id);
    expect(receiver.requests.map((r) => r.webhookId)).toEqual([first.webhookId, latest.webhookId, first.webhookId]);
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() })).toEqual({ replayed: 2, created: 0 });
    await drain(sub.id);
    expect(receiver.requests.length).toBe(5);
    expect(receiver.accepted.size).toBe(2);
    const bad = await admin.call('POST', `/api/webhooks/${sub.id}/replay`, {});
    expect(bad.status).toBe(422);
  });

  it('sends nothing an erasure removed: the deliveries about an erased contact are rebuilt without it, for retries and replays', async () => {
    const sub = await subscribe(['message.created', 'contact.created']);
    const start = new Date();
    const { conversationId } = await inbound('zeynep');
    await drain(sub.id);
    expect(JSON.stringify(receiver.requests.map((r) => r.body))).toContain('Customer zeynep');
    const [conversation] = rowsOf<{ contact_id: string }>(await t.services.database.db.execute(sql`select contact_id from conversations where id = ${conversationId}`));
    // Their export names where their data went.
    const exported = await admin.ok('GET', `/api/contacts/${conversation!.contact_id}/export`);
    expect(exported.webhookDeliveries.map((d: any) => `${d.eventType} ${d.status}`)).toEqual(expect.arrayContaining(['contact.created delivered', 'message.created delivered']));
    expect(exported.webhookDeliveries[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect((await admin.call('DELETE', `/api/contacts/${conversation!.contact_id}`)).status).toBeLessThan(300);

    const before = receiver.requests.length;
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() })).toMatchObject({ replayed: 2 });
    await drain(sub.id);
    const replayed = receiver.requests.slice(before);
    expect(replayed.map((r) => r.body.type).sort()).toEqual(['contact.created', 'message.created']);
    const sent = JSON.stringify(replayed.map((r) => r.body));
    expect(sent).not.toContain('zeynep');
    expect(sent).not.toContain(`message ${n}`);
    // Still signed, and still the same events under the same webhook-ids.
    expect(replayed.every((r) => r.verifiedBy.length > 0)).toBe(true);
    expect(new Set(replayed.map((r) => r.webhookId))).toEqual(new Set(receiver.requests.slice(0, before).map((r) => r.webhookId)));
  });

  it('erases from the deliveries what a contact merged into the erased one brought: its own contact events too', async () => {
    const sub = await subscribe(['contact.created', 'contact.updated', 'contact.merged']);
    const start = new Date();
    const contactOf = async (conversationId: string) =>
      rowsOf<{ contact_id: string }>(await t.services.database.db.execute(sql`select contact_id from conversations where id = ${conversationId}`))[0]!.contact_id;
    const from = await contactOf((await inbound('deniz-old')).conversationId);
    const into = await contactOf((await inbound('deniz')).conversationId);
    await admin.ok('PATCH', `/api/contacts/${from}`, { name: 'Deniz Yıldız', attributes: { loyalty: 'gold-7731' } });
    await drain(sub.id);
    await admin.ok('POST', '/api/contacts/merge', { intoId: into, fromId: from });
    await drain(sub.id);
    expect(JSON.stringify(receiver.requests.map((r) => r.body))).toContain('Deniz Yıldız');
    // Before the erasure, the survivor's export names where the merged-away contact's data went too.
    const deliveredAboutFrom = rowsOf<{ event_id: string }>(await t.services.database.db.execute(sql`select event_id from webhook_deliveries where order_key = ${`contact:${from}`}`));
    expect(deliveredAboutFrom.length).toBeGreaterThan(0);
    const exported = await admin.ok('GET', `/api/contacts/${into}/export`);
    expect(exported.webhookDeliveries.map((d: { eventId: unknown }) => String(d.eventId))).toEqual(expect.arrayContaining(deliveredAboutFrom.map((r) => String(r.event_id))));
    expect((await admin.call('DELETE', `/api/contacts/${into}`)).status).toBeLessThan(300);

    const before = receiver.requests.length;
    await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() });
    await drain(sub.id);
    const sent = JSON.stringify(receiver.requests.slice(before).map((r) => r.body));
    // The merged-away contact's own events (created, renamed) went again, without what the erasure removed.
    const aboutFrom = receiver.requests.slice(0, before).filter((r) => JSON.stringify(r.body).includes('Deniz Yıldız'));
    expect(aboutFrom.map((r) => r.body.type)).toEqual(['contact.created', 'contact.updated']);
    expect(receiver.requests.slice(before).map((r) => r.webhookId)).toEqual(expect.arrayContaining(aboutFrom.map((r) => r.webhookId)));
    for (const erased of ['Deniz Yıldız', 'gold-7731', 'deniz-old', 'Customer deniz']) expect(sent).not.toContain(erased);
  });

  it('replays a range in the order its events happened, whether each was delivered before or missed', async () => {
    const sub = await subscribe(['message.created']);
    const start = new Date();
    await inbound('burak');
    await drain(sub.id);
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: false });
    await inbound('burak'); // missed while off
    await drain(sub.id);
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: true });
    await inbound('burak');
    await drain(sub.id);
    const before = receiver.requests.length;
    expect(before).toBe(2);
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() })).toEqual({ replayed: 2, created: 1 });
    await drain(sub.id);
    const eventIds = receiver.requests.slice(before).map((r) => Number(r.webhookId.replace(/\D/g, '')));
    expect(eventIds).toHaveLength(3);
    expect(eventIds).toEqual(eventIds.toSorted((a, b) => a - b));
  });

  it('replays only the types the subscription wants now, also where one kind of change gives two types', async () => {
    const sub = await subscribe(['contact.updated']);
    const start = new Date();
    const { conversationId } = await inbound('tuna');
    const [conversation] = rowsOf<{ contact_id: string }>(await t.services.database.db.execute(sql`select contact_id from conversations where id = ${conversationId}`));
    await admin.ok('PATCH', `/api/contacts/${conversation!.contact_id}`, { name: 'Tuna Kaya' });
    await drain(sub.id);
    expect(receiver.requests.map((r) => r.body.type)).toEqual(['contact.updated']);
    // A merge is a contact update too, in the domain; a subscription now wanting merges only gets none of the updates.
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { events: ['contact.merged'] });
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() })).toEqual({ replayed: 0, created: 0 });
  });

  it('keeps a replay asked for while the delivery was on the wire: the attempt that ends after it does not undo it', async () => {
    const sub = await subscribe(['message.created']);
    await inbound('ada');
    await drain(sub.id);
    const [sent] = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
    await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { deliveryId: sent.id });
    // A worker takes the replay and sends it; before it has recorded the answer, the admin replays it again.
    const [claimed] = await claimDeliveries(t.services.database.db, now, 10);
    expect(claimed!.id).toBe(sent.id);
    await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { deliveryId: sent.id });
    await recordAttempt(t.services.database, claimed!, { ok: true, status: 204, ms: 5, error: null }, now, DEFAULT_DISABLE_POLICY);
    const [delivery] = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
    await drain(sub.id);
    expect(receiver.requests).toHaveLength(2);
  });

  it('replays events missed while the subscription was off', async () => {
    const sub = await subscribe(['message.created']);
    const start = new Date();
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: false });
    const missed = await inbound('hakan');
    await drain(sub.id);
    expect(receiver.requests.length).toBe(0);
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: true });
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() })).toEqual({ replayed: 0, created: 1 });
    await drain(sub.id);
    expect(receiver.requests.map((r) => r.body.data.message.id)).toEqual([missed.messageId]);
  });

  it('replays every event missed in a range, however many events of other kinds came between', async () => {
    const sub = await subscribe(['message.created']);
    const start = new Date();
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: false });
    // Reactions: events no webhook carries, more of them than one page of the replay reads.
    await t.services.database.db.execute(sql`insert into domain_events (type, payload) select 'message.updated', '{"reaction":"+1"}'::jsonb from generate_series(1, 10001)`);
    const missed = await inbound('kerem');
    await drain(sub.id);
    expect(receiver.requests.length).toBe(0);
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: true });
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString() })).toEqual({ replayed: 0, created: 1 });
    await drain(sub.id);
    // At least once: an attempt slower than the test's short timeout is sent again, under the same webhook-id.
    expect(new Set(receiver.requests.map((r) => r.body.data.message.id))).toEqual(new Set([missed.messageId]));
  });

  it('refuses a range longer than one replay may queue, queuing nothing, and replays it in parts with until', async () => {
    const sub = await subscribe(['message.created']);
    const start = new Date();
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: false });
    const first = [await inbound('lale'), await inbound('lale')];
    await new Promise((r) => setTimeout(r, 5));
    const middle = new Date();
    await new Promise((r) => setTimeout(r, 5));
    const last = await inbound('lale');
    await drain(sub.id);
    await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: true });

    const limited = { ...deps, replayLimit: 2 };
    await expect(replayDeliveries(limited, sub.id, { since: start })).rejects.toMatchObject({ status: 422, code: 'replay_too_large' });
    expect((await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items).toEqual([]);
    expect(await replayDeliveries(limited, sub.id, { since: start, until: middle })).toEqual({ replayed: 0, created: 2 });
    expect(await replayDeliveries(limited, sub.id, { since: middle })).toEqual({ replayed: 0, created: 1 });
    await drain(sub.id);
    expect([...new Set(receiver.requests.map((r) => r.body.data.message.id))]).toEqual([...first, last].map((m) => m.messageId));

    // Sent once more, range by range: the same webhook-ids again.
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: start.toISOString(), until: middle.toISOString() })).toEqual({ replayed: 2, created: 0 });
    const backwards = await admin.call('POST', `/api/webhooks/${sub.id}/replay`, { since: middle.toISOString(), until: start.toISOString() });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.message).toContain('until must come after since');
  });

  it('signs with both secrets during the rotation overlap, and only the new one after it', async () => {
    const sub = await subscribe(['message.created']);
    const rotated = await admin.ok('POST', `/api/webhooks/${sub.id}/rotate-secret`);
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(rotated.secret).not.toBe(sub.secret);
    receiver.secrets.push(rotated.secret);
    await inbound('elif');
    await drain(sub.id);
    expect(receiver.requests[0]!.signature.split(' ')).toHaveLength(2);
    expect(receiver.requests[0]!.verifiedBy).toEqual([0, 1]);

    now = new Date(now.getTime() + 25 * HOUR);
    await inbound('elif');
    await drain(sub.id);
    expect(receiver.requests[1]!.signature.split(' ')).toHaveLength(1);
    expect(receiver.requests[1]!.verifiedBy).toEqual([1]);
  });

  it('keeps the first secret signing through a second rotation within its overlap, each until its own end', async () => {
    const sub = await subscribe(['message.created']);
    const second = await admin.ok('POST', `/api/webhooks/${sub.id}/rotate-secret`);
    now = new Date(now.getTime() + 2 * HOUR);
    const third = await admin.ok('POST', `/api/webhooks/${sub.id}/rotate-secret`);
    receiver.secrets.push(second.secret, third.secret);
    // A receiver still on the first secret is not cut off by the second rotation.
    await inbound('umut');
    await drain(sub.id);
    expect(receiver.requests[0]!.verifiedBy).toEqual([0, 1, 2]);
    expect((await admin.ok('GET', `/api/webhooks/${sub.id}`)).previousSecretUntil).toBe(third.previousSecretValidUntil);
    // The first's overlap ends 24 hours after its rotation, the second's 24 hours after the third rotation.
    now = new Date(now.getTime() + 23 * HOUR);
    await inbound('umut');
    await drain(sub.id);
    expect(receiver.requests[1]!.verifiedBy).toEqual([1, 2]);
    now = new Date(now.getTime() + 2 * HOUR);
    await inbound('umut');
    await drain(sub.id);
    expect(receiver.requests[2]!.verifiedBy).toEqual([2]);
  });

  it('sends a signed test event at once and says what the receiver answered, without a delivery or a failure counted', async () => {
    const sub = await subscribe(['message.created']);
    const passed = await admin.ok('POST', `/api/webhooks/${sub.id}/test`);
    expect(passed).toMatchObject({ ok: true, status: 204, error: null, webhookId: expect.stringMatching(/^evt_test_/) });
    expect(receiver.requests[0]).toMatchObject({ webhookId: passed.webhookId, verifiedBy: [0], body: { type: 'webhook.test', data: { subscriptionId: sub.id } } });

    receiver.always('fail');
    const failed = await admin.ok('POST', `/api/webhooks/${sub.id}/test`);
    expect(failed).toMatchObject({ ok: false, status: 500, error: 'receiver answered 500' });
    expect(failed.webhookId).not.toBe(passed.webhookId);
    expect((await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items).toEqual([]);
    expect((await admin.ok('GET', `/api/webhooks/${sub.id}`)).consecutiveFailures).toBe(0);

    expect((await admin.call('POST', `/api/webhooks/00000000-0000-4000-8000-000000000000/test`)).status).toBe(404);
    const agent = await admin.user(['agent']);
    expect((await agent.call('POST', `/api/webhooks/${sub.id}/test`)).status).toBe(403);
  });

  it('keeps every secret it handed out valid when two rotations run at once (a double click)', async () => {
    const sub = await subscribe(['message.created']);
    const rotations = await Promise.all([admin.ok('POST', `/api/webhooks/${sub.id}/rotate-secret`), admin.ok('POST', `/api/webhooks/${sub.id}/rotate-secret`)]);
    receiver.secrets.splice(0, receiver.secrets.length, ...rotations.map((r) => r.secret));
    await inbound('sena');
    await drain(sub.id);
    expect(receiver.requests[0]!.verifiedBy).toEqual([0, 1]);
  });

  it('disables a subscription after consecutive failures and tells the admins', async () => {
    const sub = await subscribe(['message.created']);
    const agent = await admin.user(['agent']);
    const [adminStream, agentStream] = [await openStream(t.app, admin), await openStream(t.app, agent)];
    receiver.always('fail');
    await inbound('fatma');
    await inbound('fatma');
    await caughtUp();
    for (let i = 0; i < 8; i++) {
      await runWebhookTick(deps);
      now = new Date(now.getTime() + 11 * HOUR);
    }
    // Four failed attempts of the first delivery (the second waits behind it), then nothing more.
    expect(receiver.requests.length).toBe(4);
    const view = await admin.ok('GET', `/api/webhooks/${sub.id}`);
    expect(view.active).toBe(false);
    expect(view.disabledReason).toBe('4 deliveries in a row failed over 33 hours; the last: receiver answered 500');
    const notices = rowsOf<{ type: string; subscription: string }>(
      await t.services.database.db.execute(sql`select type, payload->>'subscriptionId' as subscription from domain_events where type = 'webhook.disabled'`),
    );
    expect(notices).toEqual([{ type: 'webhook.disabled', subscription: sub.id }]);
    const audits = rowsOf<{ n: number }>(await t.services.database.db.execute(sql`select count(*)::int as n from audit_log where action = 'webhook.disabled' and target_id = ${sub.id}`));
    expect(audits[0]!.n).toBe(1);
    // Live, to the admins only: they can fix the receiver and turn it back on.
    const notice = await eventually(() => adminStream.events.find((e) => e.type === 'webhook.disabled'), 30_000);
    // Naming the subscription, so the notice can say which.
    expect(notice).toMatchObject({ subscriptionId: sub.id });
    expect(agentStream.events.filter((e) => e.type === 'webhook.disabled')).toEqual([]);
    adminStream.close();
    agentStream.close();

    // Re-enabled once the receiver is back: both waiting deliveries arrive, in order.
    receiver.always('ok');
    expect((await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { active: true })).disabledReason).toBeNull();
    await drain(sub.id);
    expect(receiver.accepted.size).toBe(2);
    expect(receiver.requests.length).toBe(6);
  });

  it("follows the operator's disabling policy: ULAK_WEBHOOK_DISABLE_MINUTES=0 disables at the failure count, however soon", async () => {
    // The worker takes the policy from the settings (50 failures over an hour unless set).
    expect(webhookDeps(t.services).disable).toEqual({ failures: 50, afterMs: 60 * 60_000 });
    const strict = { ...deps, disable: { failures: 3, afterMs: 0 } };
    const sub = await subscribe(['message.created']);
    receiver.always('fail');
    for (const customer of ['s1', 's2', 's3']) await inbound(customer);
    await caughtUp(); // three failed attempts, under the usual policy: still active
    expect((await admin.ok('GET', `/api/webhooks/${sub.id}`)).active).toBe(true);
    now = new Date(now.getTime() + 6_000); // their first retries are due
    await runWebhookTick(strict);
    const view = await admin.ok('GET', `/api/webhooks/${sub.id}`);
    expect(view.active).toBe(false);
    expect(view.disabledReason).toMatch(/^\d deliveries in a row failed over 0 minutes; the last: receiver answered 500$/);
  });

  it('rides out a short outage however many conversations were waiting, and a new address starts with a clean slate', async () => {
    const sub = await subscribe(['message.created']);
    receiver.always('fail');
    // More conversations than the failure limit (4 here), each with a delivery waiting: all fail at the same moment.
    for (const customer of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) await inbound(customer);
    await caughtUp();
    await runWebhookTick(deps);
    expect(receiver.requests.length).toBe(6);
    const failing = await admin.ok('GET', `/api/webhooks/${sub.id}`);
    expect(failing).toMatchObject({ active: true, consecutiveFailures: 6 });

    // Moved to a new address: the old one's failures no longer count against it.
    const moved = signedReceiver();
    moved.secrets.push(...receiver.secrets);
    try {
      expect(await admin.ok('PATCH', `/api/webhooks/${sub.id}`, { url: moved.url })).toMatchObject({ active: true, consecutiveFailures: 0, failingSince: null });
      await drain(sub.id);
      expect(moved.accepted.size).toBe(6);
      expect(await admin.ok('GET', `/api/webhooks/${sub.id}`)).toMatchObject({ active: true, consecutiveFailures: 0 });
    } finally {
      moved.stop();
    }
  });

  it('records a delivery it cannot sign (the secret no longer opens) as a failed attempt, on its retry schedule', async () => {
    const sub = await subscribe(['message.created']);
    await t.services.database.db.execute(sql`update webhook_subscriptions set secret = 'sealed under another key' where id = ${sub.id}`);
    await inbound('ilker');
    await caughtUp();
    await runWebhookTick(deps);
    const [delivery] = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null });
    expect(delivery.lastError).toMatch(/^the delivery could not be signed: /);
    expect(new Date(delivery.nextAttemptAt).getTime()).toBe(now.getTime() + 5_000);
    expect(receiver.requests).toEqual([]);
  });

  it('disables a subscription whose every delivery has failed for a day, and gives the delivery up', async () => {
    const sub = await subscribe(['message.created']);
    receiver.always('fail');
    const slow = { ...deps, disable: { failures: 1000, afterMs: 60 * 60_000 } };
    await inbound('gul');
    await caughtUp();
    // Attempts at 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each other: the 8th is 27.6 hours in.
    for (let i = 0; i < 10; i++) {
      await runWebhookTick(slow);
      const [d] = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
      if (d.nextAttemptAt) now = new Date(d.nextAttemptAt);
    }
    expect(receiver.requests.length).toBe(8);
    const view = await admin.ok('GET', `/api/webhooks/${sub.id}`);
    expect(view.active).toBe(false);
    expect(view.disabledReason).toBe('every delivery has failed for 28 hours; the last: receiver answered 500');
    const [delivery] = (await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries`)).items;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, responseStatus: 500 });
  });
});
