// Steps in the database engine: waits resume on time, branches choose by fresh facts, and a failing action does not stop the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, runsOf, type Harness } from './engine-harness.ts';

describe('workflow steps', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('2026-03-02T09:00:00Z');
  });
  afterAll(() => h.close());

  it('waits two days, then branches on what is true by then', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'Lead follow-up',
      enabled: true,
      trigger: { type: 'event', event: 'label.added', label: 'lead' },
      actions: [
        { id: 'pause', type: 'wait', duration: { days: 2 } },
        {
          id: 'is-vip',
          type: 'branch',
          if: { op: 'has_label', value: 'vip' },
          then: [{ id: 'tag-hot', type: 'add_label', label: 'hot' }],
          else: [{ id: 'tag-cold', type: 'add_label', label: 'cold' }],
        },
      ],
    });
    const contactId = await h.contact('lead-1');
    const conversationId = (await h.admin.ok('GET', `/api/contacts/${contactId}`)).conversations[0].id;
    await h.admin.ok('PATCH', `/api/conversations/${conversationId}`, { labels: ['lead'] });
    await h.tick();
    h.setClock('2026-03-03T09:00:00Z');
    await h.admin.ok('PATCH', `/api/contacts/${contactId}`, { labels: ['vip'] });
    await h.tick();
    expect((await h.admin.ok('GET', `/api/conversations/${conversationId}`)).labels).toEqual(['lead']);
    h.setClock('2026-03-04T09:00:00Z');
    await h.tick();
    expect((await h.admin.ok('GET', `/api/conversations/${conversationId}`)).labels).toEqual(['lead', 'hot']);
    const [run] = await runsOf(h, wf.id);
    expect(run.steps.map((s: any) => `${s.stepId}:${s.outcome}`)).toEqual(['pause:waiting', 'tag-hot:done', 'null:completed']);
    expect(run.steps[1].detail.branches).toEqual([{ step: 'is-vip', took: 'then' }]);
  });

  it('logs a failing action and carries on with the next one', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'Birthday desk',
      enabled: true,
      trigger: { type: 'date_attribute', field: 'birthday', at: '10:00' },
      // A birthday run has no conversation of its own: set_priority fails, the contact label still lands.
      actions: [
        { id: 'raise', type: 'set_priority', priority: 'high' },
        { id: 'tag', type: 'add_label', label: 'birthday-today' },
      ],
    });
    const contactId = await h.contact('bday-desk', { birthday: '03-05', timeZone: 'UTC' });
    h.setClock('2026-03-05T10:00:00Z');
    await h.tick();
    const [run] = await runsOf(h, wf.id);
    expect(run.steps.map((s: any) => `${s.stepId}:${s.outcome}:${s.reason}`)).toEqual(['raise:failed:no_conversation', 'tag:done:add_label', 'null:completed:null']);
    expect((await h.admin.ok('GET', `/api/contacts/${contactId}`)).labels).toEqual(['birthday-today']);
  });
});
