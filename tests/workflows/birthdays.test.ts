// Birthday greetings fire at 09:00 in each contact's own zone, once per year, whatever retries, restarts or races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { dispatchEvents, runDueSteps, scanDue } from '../../server/workflows/index.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

const HOUR = 3_600_000;

async function walk(h: Harness, fromIso: string, toIso: string, stepMs = HOUR) {
  for (let at = new Date(fromIso).getTime(); at <= new Date(toIso).getTime(); at += stepMs) {
    h.setClock(new Date(at));
    await h.tick();
  }
}

function sentAt(runs: any[], contactId: string): string[] {
  return runs.filter((r) => r.contactId === contactId).flatMap((r) => r.steps.filter((s: any) => s.outcome === 'sent').map((s: any) => new Date(s.at).toISOString()));
}

describe('birthday workflow', () => {
  let h: Harness;
  let workflowId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness('2026-05-19T10:00:00Z');
    ids.istanbul = await h.contact('ist', { name: 'Ayşe Yılmaz', birthday: '1990-05-20', timeZone: 'Europe/Istanbul', language: 'tr' });
    ids.newYork = await h.contact('nyc', { name: 'John Smith', birthday: '05-20', timeZone: 'America/New_York', language: 'en' });
    ids.tokyo = await h.contact('tyo', { name: 'Yuki Sato', birthday: '05-20', timeZone: 'Asia/Tokyo' });
    ids.leap = await h.contact('leap', { name: 'Leap Day', birthday: '2000-02-29', timeZone: 'Europe/Istanbul' });
    ids.dst = await h.contact('dst', { name: 'Daylight Saver', birthday: '03-14', timeZone: 'America/New_York' });
    ids.optedOut = await h.contact('stop', { name: 'No Thanks', birthday: '05-20', timeZone: 'Europe/Istanbul' });
    await h.optOut(ids.optedOut);
    workflowId = (await h.admin.ok('POST', '/api/workflows/presets/birthday', { enabled: true })).id;
  });
  afterAll(() => h.close());

  it('greets contacts in Istanbul, New York and Tokyo at 09:00 their own time, exactly once', async () => {
    await walk(h, '2026-05-19T18:00:00Z', '2026-05-20T18:00:00Z');
    await drainOutbound(h, 3);
    const runs = await runsOf(h, workflowId);
    expect(sentAt(runs, ids.tokyo)).toEqual(['2026-05-20T00:00:00.000Z']);
    expect(sentAt(runs, ids.istanbul)).toEqual(['2026-05-20T06:00:00.000Z']);
    expect(sentAt(runs, ids.newYork)).toEqual(['2026-05-20T13:00:00.000Z']);
    for (const who of ['ist', 'nyc', 'tyo']) expect(h.received(who)).toHaveLength(1);
    expect(h.received('ist')[0].text).toContain('İyi ki doğdunuz Ayşe');
    expect(h.received('nyc')[0].text).toContain('Happy birthday, John!');
  });

  it('sends nothing to an opted-out contact and says why in the step log', async () => {
    expect(h.received('stop')).toHaveLength(0);
    const [run] = (await runsOf(h, workflowId)).filter((r) => r.contactId === ids.optedOut);
    expect(run.steps).toEqual([expect.objectContaining({ stepId: 'send-greeting', outcome: 'skipped', reason: 'no-consent' }), expect.objectContaining({ outcome: 'completed' })]);
  });

  it('celebrates a Feb 29 birthday on Feb 28 2027 at 09:00 local', async () => {
    await walk(h, '2027-02-27T18:00:00Z', '2027-02-28T18:00:00Z');
    await drainOutbound(h, 4);
    expect(sentAt(await runsOf(h, workflowId), ids.leap)).toEqual(['2027-02-28T06:00:00.000Z']);
    expect(h.received('leap')).toHaveLength(1);
  });

  it('keeps 09:00 local on the day daylight saving time starts in New York', async () => {
    // US clocks go forward at 02:00 on 2027-03-14: 09:00 is now 13:00 UTC, not 14:00.
    await walk(h, '2027-03-14T00:00:00Z', '2027-03-14T18:00:00Z');
    const at = sentAt(await runsOf(h, workflowId), ids.dst);
    expect(at).toEqual(['2027-03-14T13:00:00.000Z']);
    expect(DateTime.fromISO(at[0]!, { zone: 'America/New_York' }).toFormat('HH:mm')).toBe('09:00');
  });

  it('sends one greeting per contact when two scanners and two runners race', async () => {
    h.setClock('2028-05-20T00:30:00Z');
    // Two scans and two runners at once, as two worker processes would.
    await Promise.all([scanDue(h.t.services), scanDue(h.t.services)]);
    await Promise.all([runDueSteps(h.t.services, { limit: 1 }), runDueSteps(h.t.services, { limit: 1 })]);
    h.setClock('2028-05-20T13:30:00Z');
    await Promise.all([scanDue(h.t.services), scanDue(h.t.services)]);
    await Promise.all([runDueSteps(h.t.services), runDueSteps(h.t.services), dispatchEvents(h.t.services)]);
    await drainOutbound(h, 7);
    for (const who of ['ist', 'nyc', 'tyo']) expect(h.received(who)).toHaveLength(2);
  });
});
