// The workspace's complaint model: agents' label decisions and detractor ratings become examples, the model is
// retrained after a quiet minute, and the score route answers with the retrained model.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintExamples } from '../../server/db/schema/index.ts';
import { RETRAIN_QUIET_MS, retrainIfDue } from '../../server/complaints/index.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createHarness, drainOutbound, type Harness } from '../workflows/engine-harness.ts';

const LOBBY = 'The vending machine in the lobby swallowed my coins.';
const CLOSE = 'The vending machine on the second floor swallowed my coins again';

describe('complaint model retraining', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let channel: { id: string; secret: string };
  const clock = { now: new Date('2026-06-10T10:00:00Z') };
  const at = (iso: string) => (clock.now = new Date(iso));
  const examples = () => t.services.database.db.select().from(complaintExamples).orderBy(complaintExamples.createdAt);

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock.now });
    admin = await Client.admin(t.app);
    agent = await admin.user(['agent']);
    channel = await createApiChannel(admin);
  });
  afterAll(() => t.close());

  it('reports no model before the first fit, then the held-out figures of the first fit', async () => {
    expect(await agent.ok('GET', '/api/complaints/model')).toEqual({ trainedAt: null, examples: 0, precision: null, recall: null, heldOut: 0 });
    expect(await retrainIfDue(t.services)).toBe(true);
    const model = await agent.ok('GET', '/api/complaints/model');
    console.log(`complaint_model_api: precision ${model.precision}, recall ${model.recall}, heldOut ${model.heldOut}, examples ${model.examples}`);
    expect(model).toMatchObject({ trainedAt: '2026-06-10T10:00:00.000Z', heldOut: 290 });
    expect(model.precision).toBeGreaterThanOrEqual(0.9);
    expect(model.recall).toBeGreaterThanOrEqual(0.9);
    expect(await retrainIfDue(t.services)).toBe(false);
    const openapi = await agent.ok('GET', '/api/openapi.json');
    expect(openapi.paths['/complaints/model'] ?? openapi.paths['/api/complaints/model']).toHaveProperty('get.summary');
  });

  it("keeps the score route's shape and says which part decided", async () => {
    const scored = await agent.ok('POST', '/api/complaints/score', { text: 'there were ants in the hotel room' });
    expect(scored).toMatchObject({ isComplaint: true, language: 'en', source: 'model', matched: [] });
    expect(scored.probability).toBeGreaterThanOrEqual(0.5);
    expect(scored.score).toBe(scored.probability);
    expect(await agent.ok('POST', '/api/complaints/score', { text: 'Rezalet, paramı geri istiyorum' })).toMatchObject({ isComplaint: true, source: 'lexicon' });
    expect((await agent.call('POST', '/api/complaints/score', { text: '' })).status).toBe(422);
  });

  it("learns an agent's complaint label after a quiet minute, and answers differently for a close message", async () => {
    expect(await agent.ok('POST', '/api/complaints/score', { text: CLOSE })).toMatchObject({ isComplaint: false });
    at('2026-06-10T10:05:00Z');
    const sent = await postInbound(t.app, channel, { externalId: 'v1', from: { id: 'vend' }, text: LOBBY });
    const id = sent.body.conversationId;
    await agent.ok('PATCH', `/api/conversations/${id}`, { labels: ['vip', 'complaint'] });
    expect(await examples()).toEqual([expect.objectContaining({ text: LOBBY, complaint: true, source: 'label', conversationId: id })]);

    // Debounced: not while decisions are still coming in.
    at(new Date(Date.parse('2026-06-10T10:05:00Z') + RETRAIN_QUIET_MS - 1_000).toISOString());
    expect(await retrainIfDue(t.services)).toBe(false);
    at('2026-06-10T10:06:00Z');
    expect(await retrainIfDue(t.services)).toBe(true);
    const model = await agent.ok('GET', '/api/complaints/model');
    expect(model).toMatchObject({ trainedAt: '2026-06-10T10:06:00.000Z', heldOut: 290 });
    expect(await agent.ok('POST', '/api/complaints/score', { text: CLOSE })).toMatchObject({ isComplaint: true, source: 'model' });
    expect(await retrainIfDue(t.services)).toBe(false);

    // The agent changes their mind: the same message becomes a "not a complaint" example, and the model follows.
    at('2026-06-10T10:10:00Z');
    await agent.ok('PATCH', `/api/conversations/${id}`, { labels: ['vip'] });
    expect(await examples()).toEqual([expect.objectContaining({ text: LOBBY, complaint: false, source: 'label' })]);
    at('2026-06-10T10:12:00Z');
    expect(await retrainIfDue(t.services)).toBe(true);
    expect(await agent.ok('POST', '/api/complaints/score', { text: CLOSE })).toMatchObject({ isComplaint: false });
  });

  it('ignores labels that are not the complaint label, and the complaint label added by automation', async () => {
    const sent = await postInbound(t.app, channel, { externalId: 'v2', from: { id: 'other' }, text: 'Kargom nerede?' });
    await agent.ok('PATCH', `/api/conversations/${sent.body.conversationId}`, { labels: ['vip'] });
    const { updateConversation } = await import('../../server/conversations/update-conversation.ts');
    await updateConversation(t.services, sent.body.conversationId, { labels: ['complaint'] }, { causedByAutomation: true });
    expect(await t.services.database.db.select().from(complaintExamples).where(eq(complaintExamples.conversationId, sent.body.conversationId))).toEqual([]);
    // Removing the label automation put there is the most useful decision of all: a false alarm.
    await agent.ok('PATCH', `/api/conversations/${sent.body.conversationId}`, { labels: [] });
    expect(await t.services.database.db.select().from(complaintExamples).where(eq(complaintExamples.conversationId, sent.body.conversationId))).toEqual([
      expect.objectContaining({ text: 'Kargom nerede?', complaint: false }),
    ]);
  });

  it('reads the Turkish label name, folded: "Şikayet" counts', async () => {
    const sent = await postInbound(t.app, channel, { externalId: 'v3', from: { id: 'turkish' }, text: 'Faturama iki kez yansıtılmış' });
    await agent.ok('PATCH', `/api/conversations/${sent.body.conversationId}`, { labels: ['Şikayet'] });
    expect(await t.services.database.db.select().from(complaintExamples).where(eq(complaintExamples.conversationId, sent.body.conversationId))).toEqual([
      expect.objectContaining({ text: 'Faturama iki kez yansıtılmış', complaint: true, source: 'label' }),
    ]);
  });
});

describe('detractor survey replies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('2026-06-10T10:00:00Z');
    await h.admin.ok('POST', '/api/workflows/presets/satisfaction', { enabled: true });
  });
  afterAll(() => h.close());

  it('turn the message the customer wrote before the rating into a complaint example', async () => {
    const first = await postInbound(h.t.app, h.channel, { externalId: 'd1', from: { id: 'sad' }, text: 'Kurye paketi komşuya bırakmış, ben evdeydim.' });
    const conversationId = first.body.conversationId;
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    await h.tick();
    await drainOutbound(h, 1);
    h.setClock('2026-06-10T12:00:00Z');
    await postInbound(h.t.app, h.channel, { externalId: 'd2', from: { id: 'sad' }, text: '2' });
    await h.tick();
    const rows = await h.t.services.database.db.select().from(complaintExamples).where(eq(complaintExamples.conversationId, conversationId));
    expect(rows).toEqual([expect.objectContaining({ text: 'Kurye paketi komşuya bırakmış, ben evdeydim.', complaint: true, source: 'survey' })]);
  });
});

describe('the complaint label a team chose', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let channel: { id: string; secret: string };

  beforeAll(async () => {
    t = await createTestApp({ now: () => new Date('2026-06-10T10:00:00Z') });
    admin = await Client.admin(t.app);
    agent = await admin.user(['agent']);
    channel = await createApiChannel(admin);
  });
  afterAll(() => t.close());

  it('teaches the model when the label is the one the complaint preset was mapped to, not only "complaint"', async () => {
    const team = await admin.ok('POST', '/api/teams', { name: 'Destek' });
    await admin.ok('POST', '/api/workflows/presets/complaint', { labels: { complaint: 'müşteri-sorunu' }, teamId: team.id });
    const sent = await postInbound(t.app, channel, { externalId: 'm1', from: { id: 'mapped' }, text: 'Üç haftadır bekliyorum' });
    await agent.ok('PATCH', `/api/conversations/${sent.body.conversationId}`, { labels: ['Müşteri-Sorunu'] });
    expect(await t.services.database.db.select().from(complaintExamples).where(eq(complaintExamples.conversationId, sent.body.conversationId))).toEqual([
      expect.objectContaining({ text: 'Üç haftadır bekliyorum', complaint: true, source: 'label' }),
    ]);
  });
});
