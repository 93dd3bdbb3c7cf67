// The engine's guards: quiet hours defer, the frequency cap skips, automation never triggers automation, auto-replies trigger nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { postInbound } from '../support/api-channel.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

const onMessage = (name: string, settings: Record<string, unknown> = {}) => ({
  name,
  trigger: { type: 'event', event: 'message.received' },
  actions: [{ id: 'say-hello', type: 'send_template', template: 'hello', purpose: 'marketing' }],
  templates: { hello: { fallbackLanguage: 'en', languages: { en: { body: 'Hello {{contact.firstName | "there"}}, a new offer for you' } } } },
  settings,
  enabled: true,
});

describe('workflow guards', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('2026-06-10T23:00:00Z'); // 02:00 in Istanbul
  });
  afterAll(() => h.close());

  it('defers a message due at 02:00 local to 09:00 and sends it then', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', onMessage('Night owl'));
    await h.contact('night', { timeZone: 'Europe/Istanbul' });
    await h.tick();
    let [run] = await runsOf(h, wf.id);
    expect(run.steps).toEqual([expect.objectContaining({ stepId: 'say-hello', outcome: 'deferred', reason: 'quiet-hours', detail: { until: '2026-06-11T06:00:00.000Z' } })]);
    expect(h.received('night')).toHaveLength(0);

    h.setClock('2026-06-11T06:00:00Z');
    await h.tick();
    await drainOutbound(h, 1);
    [run] = await runsOf(h, wf.id);
    expect(run.steps.map((s: any) => [s.outcome, new Date(s.at).toISOString()])).toEqual([
      ['deferred', '2026-06-10T23:00:00.000Z'],
      ['sent', '2026-06-11T06:00:00.000Z'],
      ['completed', '2026-06-11T06:00:00.000Z'],
    ]);
    expect(h.received('night')).toHaveLength(1);
    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
  });

  it('holds the runs under way while their workflow is disabled, and carries them on when it is enabled again', async () => {
    // Found in review: disabling a workflow stopped new runs only; a deferred message still went out at its time.
    const wf = await h.admin.ok('POST', '/api/workflows', onMessage('Held owl'));
    h.setClock('2026-06-20T23:00:00Z'); // 02:00 in Istanbul
    await h.contact('held', { timeZone: 'Europe/Istanbul' });
    await h.tick();
    const [deferred] = await runsOf(h, wf.id);
    expect(deferred.steps.map((s: any) => s.outcome)).toEqual(['deferred']);

    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
    h.setClock('2026-06-21T07:00:00Z');
    await h.tick();
    await h.tick();
    let [run] = await runsOf(h, wf.id);
    expect(run.status).toBe(deferred.status);
    expect(run.steps.map((s: any) => s.outcome)).toEqual(['deferred']);
    expect(h.received('held')).toHaveLength(0);

    await h.admin.ok('POST', `/api/workflows/${wf.id}/enable`);
    await h.tick();
    await drainOutbound(h, 1);
    [run] = await runsOf(h, wf.id);
    expect(run.steps.map((s: any) => s.outcome)).toEqual(['deferred', 'sent', 'completed']);
    expect(h.received('held')).toHaveLength(1);
    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
  });

  it('uses the workspace quiet hours when the workflow does not set its own', async () => {
    await h.admin.ok('PATCH', '/api/workspace', { quietHours: { start: '22:00', end: '07:30' } });
    const wf = await h.admin.ok('POST', '/api/workflows', onMessage('Early bird'));
    h.setClock('2026-06-11T23:00:00Z'); // 02:00 in Istanbul
    await h.contact('early', { timeZone: 'Europe/Istanbul' });
    await h.tick();
    const [run] = await runsOf(h, wf.id);
    expect(run.steps[0]).toMatchObject({ outcome: 'deferred', detail: { until: '2026-06-12T04:30:00.000Z' } });
    await h.admin.ok('PATCH', '/api/workspace', { quietHours: { start: '21:00', end: '09:00' } });
    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
  });

  it('caps the fourth automated message to a contact within a week', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', onMessage('Chatty', { quietHours: null }));
    h.setClock('2026-06-12T10:00:00Z');
    await h.contact('chatty', {}, 'first');
    await h.tick();
    for (const [day, text] of [
      ['13', 'second'],
      ['15', 'third'],
      ['17', 'fourth'],
    ] as const) {
      h.setClock(`2026-06-${day}T10:00:00Z`);
      await postInbound(h.t.app, h.channel, { externalId: `chatty-${text}`, from: { id: 'chatty' }, text });
      await h.tick();
    }
    await drainOutbound(h, 4);
    expect(h.received('chatty')).toHaveLength(3);
    const steps = (await runsOf(h, wf.id)).flatMap((r) => r.steps).filter((s: any) => s.stepId === 'say-hello');
    expect(steps.map((s: any) => s.outcome).sort()).toEqual(['sent', 'sent', 'sent', 'skipped']);
    expect(steps.find((s: any) => s.outcome === 'skipped')).toMatchObject({ reason: 'capped', detail: { detail: expect.stringContaining('max 3') } });
    const stats = await h.admin.ok('GET', `/api/workflows/${wf.id}/stats`);
    expect(stats).toMatchObject({ sent: 3, skipped: { capped: 1 } });
    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
  });

  it('does not loop when a label.added rule adds a label itself', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'Tag tagged',
      enabled: true,
      trigger: { type: 'event', event: 'label.added' },
      actions: [{ id: 'tag', type: 'add_label', label: 'triaged' }],
    });
    h.setClock('2026-06-20T10:00:00Z');
    const contactId = await h.contact('labelled');
    const conversationId = (await h.admin.ok('GET', `/api/contacts/${contactId}`)).conversations[0].id;
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { labels: ['vip'] });
    for (let i = 0; i < 3; i++) await h.tick();
    const runs = await runsOf(h, wf.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].steps.map((s: any) => s.outcome)).toEqual(['done', 'completed']);
    expect((await h.admin.ok('GET', `/api/conversations/${conversationId}`)).labels).toEqual(['vip', 'triaged']);
    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
  });

  it('starts nothing for an auto-reply, and does not score it as a complaint', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', onMessage('Answer everything', { quietHours: null }));
    const result = await ingestMessage(
      h.t.services.ingest,
      { id: h.channel.id, kind: 'api' },
      {
        idempotencyKey: 'ooo-1',
        from: { identities: [{ kind: 'api', value: `${h.channel.id}:away` }] },
        text: 'I am out of the office. This is terrible timing, I know.',
        sentAt: h.clock.now,
        autoReply: true,
      },
    );
    await h.tick();
    expect(await runsOf(h, wf.id)).toHaveLength(0);
    const messages = await h.admin.ok('GET', `/api/conversations/${result.conversationId}/messages`);
    expect(messages.items[0].metadata.complaint).toBeNull();
  });
});
