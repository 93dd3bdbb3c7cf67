import { describe, expect, it } from 'vitest';
import { AutomationState } from './automation.svelte';
import { fakeServer } from '../../test/fake-server';

describe('AutomationState', () => {
  it('treats missing automation endpoints as "not available yet", not as a crash', async () => {
    const automation = new AutomationState(fakeServer({}).api);
    await automation.loadWorkflows();
    expect(automation.unavailable).toBe(true);
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
    const server = fakeServer({ 'POST /api/segments/preview': (r) => ({ count: r.body.segment.all.length * 10, sample: [] }) });
    const automation = new AutomationState(server.api);
    automation.rules.push({ field: '', op: 'has_label', value: 'vip' });
    automation.previewAudience(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(automation.audience?.count).toBe(20);
  });
});
