// The editor's live preview: an unsaved definition dry-run through the HTTP API against a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts, contactValue } from '../../server/db/schema/index.ts';
import { createHarness, runsOf, type Harness } from './engine-harness.ts';

const draft = (overrides: Record<string, unknown> = {}) => ({
  name: 'We miss you',
  trigger: { type: 'inactivity', days: 90 },
  actions: [{ id: 'miss-you', type: 'send_template', template: 'miss', purpose: 'marketing' }],
  templates: {
    miss: {
      fallbackLanguage: 'en',
      languages: {
        en: { subject: 'We miss you', body: 'Hi {{contact.firstName | "there"}}, come back to {{workspace.name}}!' },
        tr: { subject: 'Sizi özledik', body: 'Merhaba {{contact.firstName | ""}}, {{workspace.name}} sizi bekliyor!' },
      },
    },
  },
  settings: { holdoutPercent: 0, quietHours: null },
  ...overrides,
});

describe('POST /api/workflows/preview (unsaved definition)', () => {
  let h: Harness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness('2026-01-01T10:00:00Z');
    ids.emre = await h.contact('emre', { name: 'Emre Yıldız', language: 'tr' });
    ids.jane = await h.contact('jane', { name: 'Jane Doe', language: 'en' });
    ids.stopped = await h.contact('stopped', { name: 'Stopped Person', language: 'en' });
    await h.optOut(ids.stopped);
    h.setClock('2026-05-01T10:00:00Z');
    ids.fresh = await h.contact('fresh', { name: 'Fresh Writer', language: 'en' });
  });
  afterAll(() => h.close());

  it('counts the audience, who would receive and who is skipped why, sending and storing nothing', async () => {
    const before = h.receiver.received.length;
    const preview = await h.admin.ok('POST', '/api/workflows/preview', { definition: draft() });
    expect(preview.summary).toEqual({ audience: 3, contacts: 3, receives: 2, skipped: 1, byReason: { 'no-consent': 1 } });
    expect(preview.items.map((i: any) => i.name).sort()).toEqual(['Emre Yıldız', 'Jane Doe', 'Stopped Person']);
    expect(preview.workflowId).toBeNull();
    expect(h.receiver.received.length).toBe(before);
  });

  it("renders the sample contact's message in every template language, with the language and channel they would get", async () => {
    const preview = await h.admin.ok('POST', '/api/workflows/preview', { definition: draft(), contactId: ids.emre });
    expect(preview.sample).toMatchObject({ contactId: ids.emre, name: 'Emre Yıldız', inAudience: true, outcome: 'receives' });
    const [step] = preview.sample.steps;
    expect(step).toMatchObject({ step: 'miss-you', template: 'miss', chosenLanguage: 'tr', channel: 'api' });
    expect(step.renders).toEqual([
      { language: 'en', subject: 'We miss you', body: 'Hi Emre, come back to Ulak!', missingVariables: [] },
      { language: 'tr', subject: 'Sizi özledik', body: 'Merhaba Emre, Ulak sizi bekliyor!', missingVariables: [] },
    ]);
  });

  it('follows the draft as it changes: a shorter inactivity window, a condition, a sample outside the audience', async () => {
    const narrowed = await h.admin.ok('POST', '/api/workflows/preview', {
      definition: draft({ conditions: { all: [{ field: 'contact.language', op: 'eq', value: 'tr' }] } }),
      contactId: ids.fresh,
    });
    expect(narrowed.summary).toMatchObject({ audience: 3, receives: 1, byReason: { 'condition-false': 2 } });
    expect(narrowed.sample).toMatchObject({ contactId: ids.fresh, inAudience: false, outcome: 'skipped' });
    expect(narrowed.sample.steps[0].chosenLanguage).toBe('en');
    const everyone = await h.admin.ok('POST', '/api/workflows/preview', { definition: draft({ trigger: { type: 'inactivity', days: 1 } }) });
    expect(everyone.summary.audience).toBe(3);
    const segment = await h.admin.ok('POST', '/api/workflows/preview', {
      definition: draft({ trigger: { type: 'segment_entry', segment: { all: [{ field: 'contact.language', op: 'eq', value: 'en' }] } } }),
    });
    expect(segment.summary).toMatchObject({ audience: 3, receives: 2, byReason: { 'no-consent': 1 } });
  });

  it('answers 422 with the field errors of an invalid draft', async () => {
    const bad = draft({ trigger: { type: 'inactivity', days: 0 } });
    (bad.templates as any).miss.languages.tr.body = 'Merhaba {{contact.shoeSize}}';
    const r = await h.admin.call('POST', '/api/workflows/preview', { definition: bad });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_workflow');
    expect(r.body.error.errors).toEqual([expect.objectContaining({ path: 'trigger.days' })]);
    const r2 = await h.admin.call('POST', '/api/workflows/preview', { definition: draft({ templates: { miss: { fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.shoeSize}}' } } } } }) });
    expect(r2.body.error.errors).toEqual([{ path: 'templates.miss.languages.en.body', message: 'unknown variable {{contact.shoeSize}}' }]);
    expect((await h.admin.call('POST', '/api/workflows/preview', { definition: draft(), limit: 0 })).status).toBe(422);
  });

  it('is for marketers: an agent is refused', async () => {
    const marketer = await h.admin.user(['marketer']);
    expect((await marketer.call('POST', '/api/workflows/preview', { definition: draft() })).status).toBe(200);
    const agent = await h.admin.user(['agent']);
    expect((await agent.call('POST', '/api/workflows/preview', { definition: draft() })).status).toBe(403);
  });

  it('previews a saved workflow through the same path, under its own id', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', draft());
    const saved = await h.admin.ok('POST', `/api/workflows/${wf.id}/preview`, {});
    const unsaved = await h.admin.ok('POST', '/api/workflows/preview', { definition: draft(), workflowId: wf.id });
    expect(saved.summary).toEqual(unsaved.summary);
    expect(saved.workflowId).toBe(wf.id);
    expect(await runsOf(h, wf.id)).toHaveLength(0);
    // The editor reopens a workflow from what its author wrote, before defaults were applied.
    expect((await h.admin.ok('GET', `/api/workflows/${wf.id}`)).source).toEqual(draft());
  });

  it('counts inactivity from the latest activity of any kind, as the scanner does (an imported last activity, a last order)', async () => {
    const db = h.t.services.database.db;
    await db
      .update(contacts)
      .set({ lastActivityAt: new Date('2026-04-20T10:00:00Z') })
      .where(eq(contacts.id, ids.emre!));
    await db.insert(contactValue).values({ contactId: ids.jane!, orders: 1, lastOrderAt: new Date('2026-04-25T10:00:00Z') });
    const preview = await h.admin.ok('POST', '/api/workflows/preview', { definition: draft() });
    expect(preview.summary.audience).toBe(1);
    expect(preview.items.map((i: any) => i.name)).toEqual(['Stopped Person']);
  });
});
