// The satisfaction preset: resolving asks for a 0–10 rating on the same channel; the answer is stored on contact and conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities } from '../../server/db/schema/index.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { eventually, postInbound } from '../support/api-channel.ts';
import { insertChannel } from '../support/fixtures.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

describe('satisfaction survey', () => {
  let h: Harness;
  let workflowId: string;

  beforeAll(async () => {
    h = await createHarness('2026-06-10T10:00:00Z');
    workflowId = (await h.admin.ok('POST', '/api/workflows/presets/satisfaction', { enabled: true })).id;
  });
  afterAll(() => h.close());

  it('asks on resolve, reads "9" from the reply and stores a promoter on the contact and the conversation', async () => {
    const first = await postInbound(h.t.app, h.channel, { externalId: 's1', from: { id: 'happy', name: 'Elif' }, text: 'Kargom nerede?' });
    const conversationId = first.body.conversationId;
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    await h.tick();
    await drainOutbound(h, 1);
    // Elif wrote in Turkish, so she is asked in Turkish (her language is learnt from her message).
    expect(h.received('happy')).toEqual([expect.objectContaining({ text: expect.stringContaining('0 ile 10 arasında') })]);

    h.setClock('2026-06-10T12:00:00Z');
    await postInbound(h.t.app, h.channel, { externalId: 's2', from: { id: 'happy' }, text: '9' });
    await h.tick();

    const profile = await h.admin.ok('GET', `/api/contacts/${first.body.contactId}`);
    expect(profile.satisfaction).toEqual([{ kind: 'nps', score: 9, category: 'promoter', conversationId, at: '2026-06-10T12:00:00.000Z' }]);
    const answers = await h.admin.ok('GET', `/api/satisfaction?conversationId=${conversationId}`);
    expect(answers.items).toEqual([expect.objectContaining({ contactId: first.body.contactId, kind: 'nps', score: 9, category: 'promoter' })]);
    const [run] = await runsOf(h, workflowId);
    expect(run.status).toBe('completed');
    expect(run.steps.map((s: any) => `${s.stepId}:${s.outcome}`)).toEqual(['ask-rating:sent', 'await-rating:waiting', 'await-rating:replied', 'null:completed']);
    expect((await h.admin.ok('GET', `/api/workflows/${workflowId}/stats`)).satisfaction).toEqual({ responses: 1, nps: 100, csat: null });
  });

  it('keeps waiting when the reply is not a rating, and gives up quietly after the window', async () => {
    h.setClock('2026-06-11T10:00:00Z');
    const first = await postInbound(h.t.app, h.channel, { externalId: 's3', from: { id: 'vague' }, text: 'İade istiyorum' });
    await h.admin.ok('PATCH', `/api/conversations/${first.body.conversationId}`, { status: 'resolved' });
    await h.tick();
    await postInbound(h.t.app, h.channel, { externalId: 's4', from: { id: 'vague' }, text: 'teşekkürler' });
    await h.tick();
    let run = (await runsOf(h, workflowId)).find((r) => r.contactId === first.body.contactId);
    expect(run.status).toBe('waiting');
    h.setClock('2026-06-14T10:00:01Z');
    await h.tick();
    run = (await runsOf(h, workflowId)).find((r) => r.contactId === first.body.contactId);
    expect(run.status).toBe('completed');
    expect((await h.admin.ok('GET', `/api/contacts/${first.body.contactId}`)).satisfaction).toEqual([]);
  });
});

describe('satisfaction survey for a customer on two channels', () => {
  let h: Harness;
  let workflowId: string;
  const sms = recordingDriver('sms');
  let smsChannel: { id: string };

  beforeAll(async () => {
    h = await createHarness('2026-06-10T10:00:00Z', { drivers: { sms: sms.driver } });
    smsChannel = await insertChannel(h.t.services.database, 'sms');
    workflowId = (await h.admin.ok('POST', '/api/workflows/presets/satisfaction', { enabled: true })).id;
  });
  afterAll(() => h.close());

  /** A customer who writes on the API channel and prefers SMS, where they have a phone number. */
  async function prefersSms(id: string, phone: string) {
    const api = await postInbound(h.t.app, h.channel, { externalId: `${id}-api`, from: { id, name: 'Can' }, text: 'Where is my order?' });
    await h.t.services.database.db.insert(contactIdentities).values({ contactId: api.body.contactId, kind: 'phone', value: phone });
    await h.admin.ok('PATCH', `/api/contacts/${api.body.contactId}`, { preferredChannel: 'sms' });
    return api.body as { contactId: string; conversationId: string };
  }

  it('asks on the channel of the conversation that was resolved, not on the preferred one', async () => {
    const { conversationId } = await prefersSms('both', '+905321112233');
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    await h.tick();
    await drainOutbound(h, 1);
    expect(h.received('both')).toEqual([expect.objectContaining({ text: expect.stringContaining('from 0 to 10') })]);
    expect(sms.sent).toEqual([]);
  });

  it('asks on the channel the customer last wrote on within the conversation', async () => {
    h.setClock('2026-06-11T10:00:00Z');
    const { conversationId } = await prefersSms('moved', '+905321112255');
    const moved = await ingestMessage(
      h.t.services.ingest,
      { id: smsChannel.id, kind: 'sms' },
      { idempotencyKey: 'moved-sms', from: { identities: [{ kind: 'phone', value: '+905321112255' }] }, text: 'Writing from my phone now', sentAt: h.clock.now },
    );
    expect(moved.conversationId).toBe(conversationId);
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    await h.tick();
    await eventually(async () => sms.sent.length === 1, 30_000);
    expect(sms.sent[0]).toMatchObject({ to: { kind: 'phone', value: '+905321112255' }, text: expect.stringContaining('from 0 to 10') });
    expect(h.received('moved')).toEqual([]);
  });

  it('waits for morning in the customer’s zone when an agent resolves the conversation at night', async () => {
    h.setClock('2026-06-12T23:00:00Z'); // 02:00 in Istanbul
    const { conversationId, contactId } = await prefersSms('night', '+905321112244');
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    await h.tick();
    const run = (await runsOf(h, workflowId)).find((r) => r.contactId === contactId);
    expect(run.steps).toEqual([expect.objectContaining({ stepId: 'ask-rating', outcome: 'deferred', reason: 'quiet-hours', detail: { until: '2026-06-13T06:00:00.000Z' } })]);
    expect(h.received('night')).toEqual([]);
  });
});
