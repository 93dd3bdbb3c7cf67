// The satisfaction preset: resolving asks for a 0–10 rating on the same channel; the answer is stored on contact and conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInbound } from '../support/api-channel.ts';
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
