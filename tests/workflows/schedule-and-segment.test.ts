// Schedule triggers run once per cron tick in the workspace zone; segment-entry triggers once per entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanDue } from '../../server/workflows/index.ts';
import { createHarness, runsOf, type Harness } from './engine-harness.ts';

describe('schedule and segment-entry triggers', () => {
  let h: Harness;
  let a: string;
  let b: string;

  beforeAll(async () => {
    h = await createHarness('2026-06-07T12:00:00Z'); // a Sunday
    a = await h.contact('sched-a');
    b = await h.contact('sched-b');
  });
  afterAll(() => h.close());

  it('starts one run per contact on each Monday 10:00 in Istanbul, and none in between', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'Weekly tag',
      enabled: true,
      trigger: { type: 'schedule', cron: '0 10 * * 1' },
      actions: [{ id: 'tag', type: 'add_label', label: 'weekly' }],
    });
    await h.tick();
    h.setClock('2026-06-08T06:59:00Z');
    await h.tick();
    expect(await runsOf(h, wf.id)).toHaveLength(0);
    h.setClock('2026-06-08T07:00:00Z'); // 10:00 in Istanbul
    await h.tick();
    await scanDue(h.t.services);
    const runs = await runsOf(h, wf.id);
    expect(runs.map((r) => r.contactId).sort()).toEqual([a, b].sort());
    expect(runs.every((r) => r.occurrenceKey.endsWith('2026-06-08T07:00:00.000Z'))).toBe(true);
    expect((await h.admin.ok('GET', `/api/contacts/${a}`)).labels).toEqual(['weekly']);
    h.setClock('2026-06-15T07:00:00Z');
    await h.tick();
    expect(await runsOf(h, wf.id)).toHaveLength(4);
    await h.admin.ok('POST', `/api/workflows/${wf.id}/disable`);
  });

  it('starts a run when a contact enters a segment, not while they stay in it, and again after they leave and return', async () => {
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'VIP welcome',
      enabled: true,
      trigger: { type: 'segment_entry', segment: { op: 'has_label', value: 'vip' } },
      actions: [{ id: 'tag', type: 'add_label', label: 'vip-welcomed' }],
    });
    await h.tick();
    expect(await runsOf(h, wf.id)).toHaveLength(0);
    await h.admin.ok('PATCH', `/api/contacts/${a}`, { labels: ['vip'] });
    h.setClock('2026-06-16T07:00:00Z');
    await h.tick();
    h.setClock('2026-06-16T07:01:00Z');
    await h.tick();
    expect((await runsOf(h, wf.id)).map((r) => r.contactId)).toEqual([a]);
    await h.admin.ok('PATCH', `/api/contacts/${a}`, { labels: [] });
    h.setClock('2026-06-16T07:02:00Z');
    await h.tick();
    await h.admin.ok('PATCH', `/api/contacts/${a}`, { labels: ['vip'] });
    h.setClock('2026-06-16T07:03:00Z');
    await h.tick();
    expect(await runsOf(h, wf.id)).toHaveLength(2);
  });
});
