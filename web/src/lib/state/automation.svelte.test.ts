import { describe, expect, it } from 'vitest';
import { AutomationState } from './automation.svelte';
import { fakeServer } from '../../test/fake-server';

describe('AutomationState', () => {
  it('treats missing automation endpoints as "not available yet", not as a crash', async () => {
    const automation = new AutomationState(fakeServer({}).api);
    await automation.loadWorkflows();
    expect(automation.workflowsUnavailable).toBe(true);
    await automation.loadCampaigns();
    expect(automation.campaignsUnavailable).toBe(true);
    expect(automation.error).toBeNull();
  });

  it('creates a workflow from a preset and opens it with its stats', async () => {
    const server = fakeServer({
      'GET /api/workflows': () => ({ items: [] }),
      'POST /api/workflows/presets/birthday': () => ({ status: 201, body: { id: 'w1', name: 'Birthday', enabled: false } }),
      'GET /api/workflows/w1': () => ({
        id: 'w1',
        name: 'Birthday',
        source: { name: 'Birthday', trigger: { type: 'date_attribute', field: 'birthday', at: '08:30' }, actions: [{ id: 'greet', type: 'stop' }] },
      }),
      'GET /api/workflows/w1/stats': () => ({ sent: 12, skipped: { 'no-consent': 1 } }),
      'GET /api/workflows/w1/runs': () => ({ items: [] }),
    });
    const automation = new AutomationState(server.api);
    await automation.loadWorkflows();
    await automation.fromPreset('birthday', undefined, 'Doğum günü kutlaması');
    expect(server.calls.find((c) => c.path === '/api/workflows/presets/birthday')!.body).toEqual({ enabled: false, labels: {}, name: 'Doğum günü kutlaması' });
    expect(automation.workflows.map((w) => w.id)).toEqual(['w1']);
    expect(automation.selected?.id).toBe('w1');
    expect(automation.draft?.trigger).toMatchObject({ type: 'date_attribute', at: '08:30' });
    expect(automation.stats).toEqual({ sent: 12, skipped: { 'no-consent': 1 } });
  });

  it('creates one workflow when a preset card is double-clicked', async () => {
    const server = fakeServer({
      'POST /api/workflows/presets/birthday': () => ({ status: 201, body: { id: 'w1', name: 'Birthday', enabled: false } }),
      'GET /api/workflows/w1': () => ({ id: 'w1', name: 'Birthday', source: { name: 'Birthday', trigger: { type: 'date_attribute', field: 'birthday', at: '08:30' }, actions: [] } }),
      'GET /api/workflows/w1/stats': () => ({ sent: 0 }),
      'GET /api/workflows/w1/runs': () => ({ items: [] }),
    });
    const automation = new AutomationState(server.api);
    await Promise.all([automation.fromPreset('birthday'), automation.fromPreset('birthday')]);
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(automation.workflows.map((w) => w.id)).toEqual(['w1']);
    expect(automation.creatingPreset).toBeNull();
    await automation.fromPreset('birthday');
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  it('opens a preset as a disabled draft and reuses the team’s own complaint label in their language', async () => {
    const server = fakeServer({
      'GET /api/users': () => ({ items: [] }),
      'GET /api/teams': () => ({ items: [] }),
      'GET /api/labels': () => ({ items: [{ id: 'l1', name: 'Şikayet', color: '#f00' }] }),
      'POST /api/workflows/presets/complaint': () => ({ status: 201, body: { id: 'w2', name: 'Complaint handling', enabled: false } }),
      'GET /api/workflows/w2': () => ({
        id: 'w2',
        name: 'Complaint handling',
        source: { name: 'Complaint handling', trigger: { type: 'event', event: 'message.received' }, actions: [{ id: 'stop', type: 'stop' }] },
      }),
      'GET /api/workflows/w2/stats': () => ({ sent: 0 }),
      'GET /api/workflows/w2/runs': () => ({ items: [] }),
    });
    const automation = new AutomationState(server.api);
    await automation.loadPickers();
    await automation.fromPreset('complaint', 'şikayet');
    const created = server.calls.find((c) => c.method === 'POST')!;
    expect(created.body).toEqual({ enabled: false, labels: { complaint: 'Şikayet' } });
    expect(automation.selected).toMatchObject({ id: 'w2', enabled: false });
    expect(automation.draft?.name).toBe('Complaint handling');
  });

  it('creates a new workflow from the form, then saves edits as new versions', async () => {
    const server = fakeServer({
      'POST /api/workflows': (r) => ({ status: 201, body: { id: 'w9', name: r.body.name, version: 1 } }),
      'PATCH /api/workflows/w9': (r) => ({ id: 'w9', name: r.body.name, version: 2 }),
      'GET /api/workflows/w9/stats': () => ({ sent: 0, delivered: 0, replied: 0, skipped: {}, runs: {}, reactivation: null, satisfaction: null }),
      'GET /api/workflows/w9/runs': () => ({ items: [] }),
    });
    const automation = new AutomationState(server.api);
    automation.newWorkflow();
    const draft = automation.draft!;
    expect(await automation.save()).toBe(false);
    expect(server.calls).toHaveLength(0);
    draft.name = 'Quiet customers';
    draft.addAction('actions', 'stop');
    expect(await automation.save()).toBe(true);
    expect(server.calls[0].body).toMatchObject({ name: 'Quiet customers', trigger: { type: 'inactivity', days: 90 }, actions: [{ type: 'stop' }] });
    draft.name = 'Quiet customers (v2)';
    await automation.save();
    expect(automation.stats?.sent).toBe(0);
    expect(server.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/workflows', 'PATCH /api/workflows/w9']);
    expect(automation.workflows).toEqual([{ id: 'w9', name: 'Quiet customers (v2)', version: 2 }]);
  });

  it('asks for the saved segments once when the campaigns and the workflow pickers both load, and again on a reload after a save elsewhere', async () => {
    const vips = { id: 's-vip', name: 'VIP customers', conditions: { field: 'contact.orders', op: 'gte', value: 5 } };
    const server = fakeServer({ 'GET /api/campaigns': () => ({ items: [] }), 'GET /api/channels': () => ({ items: [] }), 'GET /api/segments': () => ({ items: [vips] }) });
    const automation = new AutomationState(server.api);
    await Promise.all([automation.loadCampaigns(), automation.loadPickers()]);
    const segmentCalls = () => server.calls.filter((c) => c.method === 'GET' && c.path === '/api/segments');
    expect(segmentCalls()).toHaveLength(1);
    expect(automation.savedSegments.items.map((s) => s.id)).toEqual(['s-vip']);
    await automation.savedSegments.reload();
    expect(segmentCalls()).toHaveLength(2);
  });

  it('previews the audience size for the current rules', async () => {
    const server = fakeServer({ 'POST /api/segments/preview': (r) => ({ count: r.body.conditions.all.length * 10, sample: [] }) });
    const automation = new AutomationState(server.api);
    automation.rules.push({ field: '', op: 'has_label', value: 'vip' });
    automation.previewAudience(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(automation.audience?.count).toBe(20);
  });
});

describe('AutomationState with workflows but no campaigns API', () => {
  it('keeps workflows usable when only campaigns are missing', async () => {
    const server = fakeServer({ 'GET /api/workflows': () => ({ items: [{ id: 'w1', name: 'Birthday', enabled: true, definition: { name: 'Birthday' } }] }) });
    const automation = new AutomationState(server.api);
    await automation.loadWorkflows();
    await automation.loadCampaigns();
    expect(automation.workflowsUnavailable).toBe(false);
    expect(automation.campaignsUnavailable).toBe(true);
    expect(automation.workflows[0].name).toBe('Birthday');
  });

  it("marks the server's validation list on the draft's fields when a save is rejected", async () => {
    const server = fakeServer({
      'POST /api/workflows': () => ({
        status: 422,
        body: { error: { code: 'invalid_workflow', message: 'trigger.cron: invalid cron expression', errors: [{ path: 'trigger.cron', message: 'invalid cron expression' }] } },
      }),
    });
    const automation = new AutomationState(server.api);
    automation.newWorkflow({ name: 'Weekly', trigger: { type: 'schedule', cron: '0 9 * * 1' }, actions: [{ id: 'end', type: 'stop' }] });
    expect(await automation.save()).toBe(false);
    expect(automation.error).toBeNull();
    expect(automation.draft!.errorsAt('trigger.cron').server.map((i) => i.message)).toEqual(['invalid cron expression']);
  });
});

describe('AutomationState campaigns', () => {
  it('saves the message as a template, then creates the campaign with the audience conditions and channels', async () => {
    const server = fakeServer({
      'POST /api/templates': () => ({ status: 201, body: { id: 't1' } }),
      'POST /api/campaigns': (r) => ({ status: 201, body: { id: 'k1', name: r.body.name, status: 'draft' } }),
    });
    const automation = new AutomationState(server.api);
    await automation.createCampaign({
      name: 'Spring sale',
      messages: [{ template: { fallbackLanguage: 'tr', languages: { tr: { body: 'Bahar indirimi başladı!' } } }, weight: 1 }],
      channelPolicy: { channelIds: ['ch-wa'] },
      schedule: { mode: 'now' },
    });
    expect(server.calls[0].body).toEqual({ name: 'Spring sale message', fallbackLanguage: 'tr', languages: { tr: { body: 'Bahar indirimi başladı!' } } });
    expect(server.calls[1].body).toEqual({
      name: 'Spring sale',
      templateId: 't1',
      channelPolicy: { channelIds: ['ch-wa'] },
      schedule: { mode: 'now' },
      conditions: { all: [{ field: 'contact.language', op: 'eq', value: 'tr' }] },
    });
    expect(automation.campaigns.map((c) => c.id)).toEqual(['k1']);
  });

  it('names the half-filled rows and creates no campaign while one is left, unless a saved segment is the audience', async () => {
    const server = fakeServer({});
    const automation = new AutomationState(server.api);
    automation.rules.push({ field: 'contact.attributes.', op: 'eq', value: 'gold' }, { field: 'contact.totalSpent', op: 'gt', value: '' }, { field: '', op: 'has_label', value: 'vip' });
    expect(automation.unfinishedRows).toEqual([1, 2]);
    const created = await automation.createCampaign({
      name: 'Gold',
      messages: [{ template: { fallbackLanguage: 'en', languages: { en: { body: 'Hi' } } }, weight: 1 }],
      channelPolicy: { channelIds: ['ch-mail'] },
      schedule: { mode: 'now' },
    });
    expect(created).toBeNull();
    expect(server.calls).toEqual([]);
    automation.segmentId = 's-vip';
    expect(automation.unfinishedRows).toEqual([]);
  });

  it('saves each A/B variant as its own template and sends the variants with their weights and the test settings', async () => {
    let saved = 0;
    const server = fakeServer({
      'POST /api/templates': () => ({ status: 201, body: { id: `t${++saved}` } }),
      'POST /api/campaigns': (r) => ({ status: 201, body: { id: 'k2', name: r.body.name, status: 'draft' } }),
    });
    const automation = new AutomationState(server.api);
    const message = (body: string) => ({ fallbackLanguage: 'en', languages: { en: { body } } });
    await automation.createCampaign({
      name: 'Summer',
      messages: [
        { template: message('20% off'), weight: 3 },
        { template: message('Only this week: 20% off'), weight: 1 },
      ],
      abTest: { metric: 'click', testPercent: 20, decideAfterHours: 6 },
      channelPolicy: { channelIds: ['ch-mail'] },
      schedule: { mode: 'now' },
    });
    expect(
      server.calls
        .slice(0, 2)
        .map((c) => c.body.name)
        .sort(),
    ).toEqual(['Summer message A', 'Summer message B']);
    const campaign = server.calls[2].body;
    expect(campaign.templateId).toBeUndefined();
    expect(campaign.abTest).toEqual({ metric: 'click', testPercent: 20, decideAfterHours: 6 });
    expect(campaign.variants.map((v: { key: string; weight: number }) => [v.key, v.weight])).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
    expect(campaign.variants.map((v: { templateId: string }) => v.templateId).sort()).toEqual(['t1', 't2']);
  });
});
