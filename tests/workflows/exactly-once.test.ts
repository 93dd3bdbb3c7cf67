// Exactly once per occurrence: a second process on the same database and a runner that dies mid-batch send nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { JobQueue } from '../../server/jobs/job-queue.ts';
import type { Services } from '../../server/services.ts';
import { dispatchEvents, runDueSteps, scanDue } from '../../server/workflows/index.ts';
import { performSend } from '../../server/workflows/perform-send.ts';
import { claimDueRuns } from '../../server/workflows/run-store.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

/**
 * Another worker process as the engine sees it: on Postgres its own connection pool and job queue on the same
 * database; embedded PGlite has one connection per data dir, so there it shares the connection.
 */
async function secondProcess(h: Harness): Promise<{ services: EngineServices; stop(): Promise<void> }> {
  const url = h.t.database.url;
  if (!url) return { services: { ...h.t.services }, stop: async () => {} };
  const database = await openDatabase({ databaseUrl: url, max: 3 });
  const jobs = new JobQueue(database);
  await jobs.start();
  return {
    services: { ...h.t.services, database, jobs },
    async stop() {
      await jobs.stop();
      await database.close();
    },
  };
}

type EngineServices = Pick<Services, 'database' | 'jobs' | 'now' | 'log' | 'config'>;

describe('exactly-once birthday runs', () => {
  let h: Harness;
  let workflowId: string;
  const customers = ['c1', 'c2', 'c3', 'c4'];

  beforeAll(async () => {
    h = await createHarness('2026-07-01T12:00:00Z');
    for (const id of customers) await h.contact(id, { birthday: '07-02', timeZone: 'Asia/Tokyo' });
    workflowId = (await h.admin.ok('POST', '/api/workflows/presets/birthday', { enabled: true })).id;
  });
  afterAll(() => h.close());

  it('finishes the work of a runner that died after sending, without a second message', async () => {
    h.setClock('2026-07-02T00:00:00Z');
    await scanDue(h.t.services);
    // The dead runner claimed every run and got as far as queueing c1's greeting before it crashed.
    const { runs } = await claimDueRuns(h.t.services.database.db, h.clock.now, 10);
    expect(runs).toHaveLength(4);
    const first = runs.find((r) => r.contactId)!;
    const [identity] = (await h.admin.ok('GET', `/api/contacts/${first.contactId}`)).identities;
    await performSend(h.t.services, {
      runId: first.id,
      stepId: 'send-greeting',
      contactId: first.contactId,
      channel: { kind: 'api', identity: { kind: 'api', value: identity.value } },
      text: 'Happy birthday!',
      purpose: 'marketing',
    });

    const restarted = await secondProcess(h);
    try {
      // Its lease still holds: nobody touches the runs yet.
      expect(await runDueSteps(restarted.services)).toBe(0);
      h.setClock('2026-07-02T00:06:00Z');
      expect(await runDueSteps(restarted.services)).toBe(4);
    } finally {
      await restarted.stop();
    }
    await drainOutbound(h, 4);
    for (const id of customers) expect(h.received(id)).toHaveLength(1);
    const log = await runsOf(h, workflowId);
    expect(log.flatMap((r) => r.steps).filter((s: any) => s.outcome === 'sent')).toHaveLength(4);
  });

  it('starts and runs each occurrence once when two processes scan and run at the same moment', async () => {
    const other = await secondProcess(h);
    try {
      h.setClock('2027-07-02T00:00:00Z');
      await Promise.all([scanDue(h.t.services), scanDue(other.services), scanDue(h.t.services)]);
      await Promise.all([runDueSteps(h.t.services), runDueSteps(other.services), dispatchEvents(h.t.services), dispatchEvents(other.services)]);
    } finally {
      await other.stop();
    }
    await drainOutbound(h, 8);
    for (const id of customers) expect(h.received(id)).toHaveLength(2);
    const runs = await runsOf(h, workflowId);
    expect(runs.filter((r) => r.occurrenceKey.endsWith(':2027'))).toHaveLength(4);
  });
});
