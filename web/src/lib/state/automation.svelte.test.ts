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
      'GET /api/workflows/w1/stats': () => ({ sent: 12, skipped: 1 }),
      'GET /api/workflows/w1/runs': () => ({ items: [] }),
    });
    const automation = new AutomationState(server.api);
    await automation.loadWorkflows();
    await automation.fromPreset('birthday');
    expect(automation.workflows.map((w) => w.id)).toEqual(['w1']);
    expect(automation.selected?.id).toBe('w1');
    expect(automation.stats).toEqual({ sent: 12, skipped: 1 });
  });

  it('reports a JSON typo in the editor without sending anything', async () => {
    const server = fakeServer({});
    const automation = new AutomationState(server.api);
    const problem = await automation.saveDefinition({ id: 'w1', name: 'x' }, '{ "name": ');
    expect(problem).toBeTruthy();
    expect(server.calls).toHaveLength(0);
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

  it('shows the server\'s validation list when a definition is rejected', async () => {
    const server = fakeServer({
      'PATCH /api/workflows/w1': () => ({ status: 422, body: { error: { code: 'invalid_workflow', message: 'The workflow is not valid', errors: [{ path: 'trigger.type', message: 'unknown trigger' }] } } }),
    });
    const automation = new AutomationState(server.api);
    await automation.saveDefinition({ id: 'w1', name: 'x' }, '{ "trigger": { "type": "nope" } }');
    const { describeError } = await import('../format/describe-error');
    const { I18n } = await import('../i18n');
    expect(describeError(automation.error, new I18n('en').t)).toBe('Please check the form: The workflow is not valid; trigger.type: unknown trigger');
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
      template: { fallbackLanguage: 'tr', languages: { tr: { body: 'Bahar indirimi başladı!' } } },
      channelPolicy: { channelIds: ['ch-wa'] },
      schedule: { mode: 'now' },
    });
    expect(server.calls[0].body).toEqual({ name: 'Spring sale message', fallbackLanguage: 'tr', languages: { tr: { body: 'Bahar indirimi başladı!' } } });
    expect(server.calls[1].body).toEqual({
      name: 'Spring sale', templateId: 't1', channelPolicy: { channelIds: ['ch-wa'] }, schedule: { mode: 'now' },
      conditions: { all: [{ field: 'contact.language', op: 'eq', value: 'tr' }] },
    });
    expect(automation.campaigns.map((c) => c.id)).toEqual(['k1']);
  });
});
