// Workflow and campaign outcomes reach integrators: each run's end and a campaign's cancellation go out once, signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { workflowRuns } from '../../server/db/schema/index.ts';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { runWebhookTick, WEBHOOK_EVENT_TYPES, webhookDeps, type WebhookDeps } from '../../server/webhooks/index.ts';
import { runDueSteps } from '../../server/workflows/index.ts';
import { claimDueRuns, commitStep, LeaseLost } from '../../server/workflows/run-store.ts';
import { seedContacts } from '../campaigns/seed-contacts.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { dispatchAll } from '../workflows/engine-harness.ts';
import { signedReceiver, type ReceivedRequest } from './signed-receiver.ts';

const OUTCOMES = ['workflow.run_completed', 'workflow.run_exited', 'workflow.run_failed', 'campaign.cancelled'];
const MINUTE = 60_000;
let now = new Date('2026-06-15T10:00:00Z');
let t: TestApp;
let admin: Client;
let deps: WebhookDeps;
let channel: { id: string; secret: string };
let subscriptionId: string;
const receiver = signedReceiver();
let n = 0;

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  admin = await Client.admin(t.app);
  channel = await createApiChannel(admin);
  deps = webhookDeps(t.services);
  const created = await admin.call('POST', '/api/webhooks', { url: receiver.url, events: OUTCOMES, description: 'BI' });
  expect(created.status).toBe(201);
  receiver.secrets.push(created.body.secret);
  subscriptionId = created.body.id;
});
afterAll(async () => {
  receiver.stop();
  await t.close();
});

/** Ticks until every outcome event recorded so far is delivered (the gap-free cursor may wait on other sessions briefly). */
async function deliveredAll() {
  const [recorded] = rowsOf<{ n: number }>(
    await t.services.database.db.execute(
      sql`select count(*)::int as n from domain_events where type in (${sql.join(
        OUTCOMES.map((o) => sql`${o}`),
        sql`, `,
      )})`,
    ),
  );
  for (let waited = 0; waited < 20_000; waited += 50) {
    await runWebhookTick(deps);
    const log = (await admin.ok('GET', `/api/webhooks/${subscriptionId}/deliveries?limit=100`)).items;
    if (log.length === recorded!.n && log.every((d: any) => d.status === 'delivered')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the outcome deliveries did not all arrive');
}

const received = (type: string, where: (r: ReceivedRequest) => boolean = () => true) => [...receiver.accepted.values()].filter((r) => r.body.type === type && where(r));
const ofWorkflow = (id: string) => (r: ReceivedRequest) => r.body.data.workflowId === id;

async function customerWrites(customer: string) {
  const res = await postInbound(t.app, channel, { externalId: `o${++n}`, from: { id: customer, name: `Customer ${customer}` }, text: 'Merhaba' });
  expect(res.status).toBe(202);
  return res.body as { contactId: string; conversationId: string };
}

async function labelConversation(conversationId: string, label: string) {
  await admin.ok('PATCH', `/api/conversations/${conversationId}`, { labels: [label] });
}

const runsOf = (workflowId: string) => t.services.database.db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, workflowId));

describe('outcome webhooks', () => {
  it('sends one signed workflow.run_completed when a run reaches its end, and nothing more when the runner passes again', async () => {
    const wf = await admin.ok('POST', '/api/workflows', {
      name: 'Welcome tag',
      enabled: true,
      trigger: { type: 'event', event: 'message.received' },
      actions: [{ id: 'tag', type: 'add_label', label: 'welcomed' }],
    });
    const { contactId } = await customerWrites('ada');
    await dispatchAll(t);
    await runDueSteps(t.services);
    await runDueSteps(t.services);
    await dispatchAll(t);
    await deliveredAll();

    const [run] = await runsOf(wf.id);
    expect(run).toMatchObject({ status: 'completed', contactId });
    const completed = received('workflow.run_completed', ofWorkflow(wf.id));
    expect(completed).toHaveLength(1);
    expect(completed[0]!.verifiedBy).toEqual([0]);
    expect(completed[0]!.body.data).toEqual({
      workflowId: wf.id,
      workflowName: 'Welcome tag',
      runId: run!.id,
      contactId,
      status: 'completed',
      startedAt: run!.startedAt.toISOString(),
      endedAt: run!.completedAt!.toISOString(),
    });
    expect(receiver.requests.filter((r) => r.body.data.runId === run!.id)).toHaveLength(1);
  });

  it('sends workflow.run_exited, saying which way, when a run ends before its first step', async () => {
    const wf = await admin.ok('POST', '/api/workflows', {
      name: 'VIP welcome',
      enabled: true,
      trigger: { type: 'event', event: 'label.added', label: 'welcome' },
      conditions: { op: 'has_label', value: 'vip' },
      actions: [{ id: 'tag', type: 'add_label', label: 'vip-welcomed' }],
    });
    const { contactId, conversationId } = await customerWrites('ece');
    await labelConversation(conversationId, 'welcome');
    await dispatchAll(t);
    await runDueSteps(t.services);
    await deliveredAll();

    const [run] = await runsOf(wf.id);
    expect(run).toMatchObject({ status: 'skipped', contactId });
    const exited = received('workflow.run_exited', ofWorkflow(wf.id));
    expect(exited.map((r) => [r.body.data.runId, r.body.data.status, r.body.data.reason])).toEqual([[run!.id, 'skipped', 'condition-false']]);
  });

  it('sends workflow.run_failed once when a run gives up after its engine errors, not once per retry', async () => {
    const wf = await admin.ok('POST', '/api/workflows', {
      name: 'Broken follow-up',
      enabled: true,
      trigger: { type: 'event', event: 'label.added', label: 'broken' },
      actions: [{ id: 'tag', type: 'add_label', label: 'followed-up' }],
    });
    const { contactId, conversationId } = await customerWrites('bora');
    await labelConversation(conversationId, 'broken');
    await dispatchAll(t);
    // A definition the engine cannot read: every attempt crashes, and each is retried once its lease runs out.
    await t.services.database.db.execute(sql`update workflow_versions set definition = jsonb_set(definition, '{actions}', '"broken"') where workflow_id = ${wf.id}`);
    for (let attempt = 0; attempt < 8 && (await runsOf(wf.id))[0]?.status !== 'failed'; attempt++) {
      await runDueSteps(t.services);
      now = new Date(now.getTime() + 6 * MINUTE);
    }
    await runDueSteps(t.services);
    await dispatchAll(t);
    await deliveredAll();

    const [run] = await runsOf(wf.id);
    expect(run).toMatchObject({ status: 'failed', contactId });
    const failed = received('workflow.run_failed', ofWorkflow(wf.id));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.verifiedBy).toEqual([0]);
    expect(failed[0]!.body.data).toMatchObject({ runId: run!.id, contactId, status: 'failed', reason: 'engine-error', workflowName: 'Broken follow-up' });
    expect(receiver.requests.filter((r) => r.body.data.runId === run!.id)).toHaveLength(1);
  });

  it('sends workflow.run_exited for each run a deleted workflow stops, and a runner mid-step cannot carry one on', async () => {
    const wf = await admin.ok('POST', '/api/workflows', {
      name: 'Slow nurture',
      enabled: true,
      trigger: { type: 'event', event: 'label.added', label: 'nurture' },
      actions: [
        { id: 'pause', type: 'wait', duration: { days: 2 } },
        { id: 'tag', type: 'add_label', label: 'nurtured' },
      ],
    });
    const customers = [await customerWrites('cem'), await customerWrites('deniz')];
    for (const c of customers) await labelConversation(c.conversationId, 'nurture');
    await dispatchAll(t);
    await runDueSteps(t.services);
    expect((await runsOf(wf.id)).map((r) => r.status)).toEqual(['waiting', 'waiting']);

    // The wait is over and a runner has just claimed both runs when the workflow is deleted.
    now = new Date(now.getTime() + 3 * 24 * 60 * MINUTE);
    const { token, runs } = await claimDueRuns(t.services.database.db, now, 10);
    expect(runs.filter((r) => r.workflowId === wf.id)).toHaveLength(2);
    await admin.ok('DELETE', `/api/workflows/${wf.id}`);
    const mine = runs.find((r) => r.workflowId === wf.id)!;
    await expect(commitStep(t.services.database.db, mine.id, token, { status: 'completed', completedAt: now, leaseOwner: null }, { stepId: null, outcome: 'completed' }, now)).rejects.toThrow(
      LeaseLost,
    );
    await dispatchAll(t);
    await deliveredAll();

    expect((await runsOf(wf.id)).map((r) => r.status)).toEqual(['stopped', 'stopped']);
    const exited = received('workflow.run_exited', ofWorkflow(wf.id));
    expect(exited.map((r) => r.body.data.contactId).sort()).toEqual(customers.map((c) => c.contactId).sort());
    expect(exited.map((r) => [r.body.data.status, r.body.data.reason, r.body.data.endedAt])).toEqual([
      ['stopped', 'workflow-deleted', now.toISOString()],
      ['stopped', 'workflow-deleted', now.toISOString()],
    ]);
    expect(received('workflow.run_completed', ofWorkflow(wf.id))).toEqual([]);
  });

  it('sends campaign.cancelled once, with the recipients as they stood', async () => {
    const sms = await insertChannel(t.services.database, 'sms');
    await seedContacts(t.services.database, 3, (i) => ({ name: `Buyer ${i}`, labels: ['autumn'], sms: 'opted_in' }));
    const templateId = (await admin.ok('POST', '/api/templates', { name: 'Autumn', fallbackLanguage: 'en', languages: { en: { body: 'Autumn sale!' } } })).id;
    const campaign = await admin.ok('POST', '/api/campaigns', {
      name: 'Autumn sale',
      conditions: { op: 'has_label', value: 'autumn' },
      templateId,
      channelPolicy: { channelIds: [sms.id] },
      schedule: { mode: 'at', at: '2026-09-01T09:00:00Z' },
    });
    await admin.ok('POST', `/api/campaigns/${campaign.id}/start`);
    await admin.ok('POST', `/api/campaigns/${campaign.id}/cancel`);
    expect((await admin.call('POST', `/api/campaigns/${campaign.id}/cancel`)).status).toBe(409);
    await deliveredAll();

    const cancelled = received('campaign.cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.verifiedBy).toEqual([0]);
    expect(cancelled[0]!.body.data).toEqual({
      campaignId: campaign.id,
      name: 'Autumn sale',
      recipients: { total: 3, sent: 0, failed: 0, skipped: 0, heldOut: 0, cancelled: 3 },
    });
  });

  it('counts a message still queued for the lane as cancelled, and cancels it in the same commit', async () => {
    // Found in review: the event counted these as sent, because their messages were cancelled after it was recorded.
    const sms = await insertChannel(t.services.database, 'sms');
    await seedContacts(t.services.database, 2, (i) => ({ name: `Winter ${i}`, labels: ['winter'], sms: 'opted_in' }), '+9053310');
    const templateId = (await admin.ok('POST', '/api/templates', { name: 'Winter', fallbackLanguage: 'en', languages: { en: { body: 'Winter sale!' } } })).id;
    const campaign = await admin.ok('POST', '/api/campaigns', {
      name: 'Winter sale',
      conditions: { op: 'has_label', value: 'winter' },
      templateId,
      channelPolicy: { channelIds: [sms.id] },
      schedule: { mode: 'now' },
    });
    await admin.ok('POST', `/api/campaigns/${campaign.id}/start`);
    now = new Date(now.getTime() + 5_000); // the throttle's budget for the seconds since the start
    await runCampaignTick(t.services); // queues both messages; no lane runs in this app
    const queued = () => t.services.database.db.execute(sql`select status from messages where metadata->>'campaignId' = ${campaign.id}`);
    expect(rowsOf<{ status: string }>(await queued()).map((m) => m.status)).toEqual(['queued', 'queued']);

    await admin.ok('POST', `/api/campaigns/${campaign.id}/cancel`);
    expect(rowsOf<{ status: string }>(await queued()).map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
    await deliveredAll();
    const event = received('campaign.cancelled').find((r) => r.body.data.campaignId === campaign.id)!;
    expect(event.body.data.recipients).toEqual({ total: 2, sent: 0, failed: 0, skipped: 0, heldOut: 0, cancelled: 2 });
    expect(await admin.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({ sent: 0, cancelled: 2 });
  });

  it('offers exactly the catalog’s event types in the OpenAPI document’s subscription body', async () => {
    const doc = await admin.ok('GET', '/api/openapi.json');
    const events = doc.paths['/api/webhooks'].post.requestBody.content['application/json'].schema.properties.events.items.enum;
    expect(events).toEqual([...WEBHOOK_EVENT_TYPES]);
    expect(events).toEqual(expect.arrayContaining(OUTCOMES));
  });
});
