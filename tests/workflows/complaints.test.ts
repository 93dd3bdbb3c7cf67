// The complaint preset: a scored complaint becomes urgent, labelled, assigned and acknowledged; a missed SLA escalates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postInbound } from '../support/api-channel.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

describe('complaint handling', () => {
  let h: Harness;
  let support: { id: string; memberIds: string[] };
  let escalation: { id: string };
  let workflowId: string;
  let angry: { conversationId: string; assigneeId: string };

  beforeAll(async () => {
    h = await createHarness('2026-06-10T10:00:00Z');
    const deniz = await h.admin.ok('POST', '/api/users', { email: 'deniz@example.com', name: 'Deniz', password: 'password123', roles: ['agent'] });
    const ece = await h.admin.ok('POST', '/api/users', { email: 'ece@example.com', name: 'Ece', password: 'password123', roles: ['agent'] });
    support = await h.admin.ok('POST', '/api/teams', { name: 'Support', memberIds: [deniz.id, ece.id] });
    escalation = await h.admin.ok('POST', '/api/teams', { name: 'Escalations', memberIds: [] });
    workflowId = (await h.admin.ok('POST', '/api/workflows/presets/complaint', { teamId: support.id, acknowledge: true, escalateToTeamId: escalation.id, enabled: true })).id;
  });
  afterAll(() => h.close());

  it('scores a text through the API', async () => {
    const scored = await h.admin.ok('POST', '/api/complaints/score', { text: 'Siparişim hâlâ gelmedi, berbat bir hizmet!' });
    expect(scored).toMatchObject({ isComplaint: true, language: 'tr' });
    expect(scored.score).toBeGreaterThanOrEqual(0.5);
    expect((await h.admin.ok('POST', '/api/complaints/score', { text: 'Thanks, the parcel arrived today', language: 'en' })).isComplaint).toBe(false);
  });

  it('reads a one-word Turkish complaint without Turkish letters as Turkish, and says which word', async () => {
    for (const text of ['Rezalet!', 'berbat']) {
      const scored = await h.admin.ok('POST', '/api/complaints/score', { text });
      expect(scored).toMatchObject({ isComplaint: true, language: 'tr', matched: [text.replace('!', '').toLowerCase()] });
    }
  });

  it('makes a complaint urgent, labels it, assigns the team round robin and acknowledges the customer', async () => {
    const sent = await postInbound(h.t.app, h.channel, { externalId: 'k1', from: { id: 'angry', name: 'Kemal' }, text: 'Siparişim hâlâ gelmedi, berbat bir hizmet!' });
    await h.tick();
    const conv = await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}`);
    expect(conv).toMatchObject({ priority: 'urgent', labels: ['complaint'], team: { id: support.id } });
    expect(support.memberIds).toContain(conv.assignee.id);
    angry = { conversationId: sent.body.conversationId, assigneeId: conv.assignee.id };
    const messages = await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}/messages`);
    expect(messages.items[0].metadata.complaint).toMatchObject({ isComplaint: true, language: 'tr' });
    await drainOutbound(h, 1);
    expect(h.received('angry')).toEqual([expect.objectContaining({ text: expect.stringContaining('Yaşadığınız sorun için çok üzgünüz Kemal') })]);
    const [run] = await runsOf(h, workflowId);
    expect(run.steps.map((s: any) => `${s.stepId}:${s.outcome}`)).toEqual(['set-urgent:done', 'label-complaint:done', 'assign-team:done', 'acknowledge:sent', 'start-sla:done', 'null:completed']);
  });

  it('leaves an ordinary question alone', async () => {
    const sent = await postInbound(h.t.app, h.channel, { externalId: 'q1', from: { id: 'curious' }, text: 'Merhaba, bu ürünün fiyatını öğrenebilir miyim?' });
    await h.tick();
    expect(await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}`)).toMatchObject({ priority: 'none', labels: [] });
    const run = (await runsOf(h, workflowId)).find((r) => r.contactId === sent.body.contactId);
    expect(run).toMatchObject({ status: 'skipped', steps: [expect.objectContaining({ outcome: 'skipped', reason: 'condition-false' })] });
  });

  it('takes a stop word for the opt-out it is, not a complaint: no urgency, no label, no apology', async () => {
    for (const [id, text] of [
      ['leaver-1', 'Unsubscribe'],
      ['leaver-2', 'DUR'],
      ['leaver-3', 'İPTAL'],
    ]) {
      const sent = await postInbound(h.t.app, h.channel, { externalId: id, from: { id }, text });
      await h.tick();
      expect(await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}`)).toMatchObject({ priority: 'none', labels: [] });
      const [message] = (await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}/messages`)).items;
      expect(message.metadata.complaint).toMatchObject({ isComplaint: false, score: 0 });
      expect((await h.admin.ok('GET', `/api/contacts/${sent.body.contactId}`)).consents).toEqual([expect.objectContaining({ status: 'opted_out' })]);
    }
  });

  it('escalates to the escalation team once the first-response SLA of one hour passes, unless an agent answered in time', async () => {
    const sent = await postInbound(h.t.app, h.channel, { externalId: 'k2', from: { id: 'furious' }, text: 'This is unacceptable, my order still has not arrived and nobody answers!' });
    await h.tick();
    // Round robin: the next complaint goes to the other member of the team.
    const assigned = await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}`);
    expect(assigned.assignee.id).not.toBe(angry.assigneeId);
    expect(support.memberIds).toContain(assigned.assignee.id);
    h.setClock('2026-06-10T10:30:00Z');
    await h.admin.ok('POST', `/api/conversations/${angry.conversationId}/messages`, { text: 'Çok özür dileriz, hemen bakıyoruz.' });
    h.setClock('2026-06-10T10:59:00Z');
    await h.tick();
    expect((await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}`)).team.id).toBe(support.id);
    h.setClock('2026-06-10T11:01:00Z');
    await h.tick();
    const conv = await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}`);
    expect(conv).toMatchObject({ team: { id: escalation.id }, assignee: null, priority: 'urgent', labels: ['complaint', 'sla-breached'] });
    const notes = (await h.admin.ok('GET', `/api/conversations/${sent.body.conversationId}/messages`)).items.filter((m: any) => m.private);
    expect(notes).toEqual([expect.objectContaining({ text: expect.stringContaining('SLA of 60 minutes breached') })]);
    expect(await h.admin.ok('GET', `/api/conversations/${angry.conversationId}`)).toMatchObject({ team: { id: support.id }, labels: ['complaint'] });
    // The manager's report counts the breach (one clock ran out; the answered one did not).
    const report = await h.admin.ok('GET', '/api/reports/overview?from=2026-06-01T00:00:00Z&to=2026-06-30T00:00:00Z');
    expect(report.slaBreaches).toBe(1);

    // Each customer's profile shows their complaint history with how the promise to answer ended.
    expect((await h.admin.ok('GET', `/api/contacts/${sent.body.contactId}`)).complaints).toEqual([
      expect.objectContaining({ conversationId: sent.body.conversationId, priority: 'urgent', sla: 'breached', preview: expect.stringContaining('unacceptable') }),
    ]);
    const kemal = await h.admin.ok('GET', `/api/conversations/${angry.conversationId}`);
    expect((await h.admin.ok('GET', `/api/contacts/${kemal.contact.id}`)).complaints).toEqual([expect.objectContaining({ conversationId: angry.conversationId, sla: 'met' })]);
  });

  it('keeps complaint history out of the profile of a customer who never complained', async () => {
    const sent = await postInbound(h.t.app, h.channel, { externalId: 'q2', from: { id: 'curious' }, text: 'Do you ship to Izmir?' });
    expect((await h.admin.ok('GET', `/api/contacts/${sent.body.contactId}`)).complaints).toEqual([]);
  });
});
