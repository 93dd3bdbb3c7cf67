// SSRF at send time: a call_webhook step is checked again when it runs, and its run log never tells an open port from a closed one.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseAllowList } from '../../server/egress/index.ts';
import { createHarness, runsOf, type Harness } from './engine-harness.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('call_webhook at send time', () => {
  let h: Harness;
  const hits: string[] = [];
  const open = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: (req) => (hits.push(new URL(req.url).pathname), new Response('ok')) });

  beforeAll(async () => {
    h = await createHarness('2026-09-01T08:00:00Z');
  });
  afterAll(async () => {
    open.stop(true);
    await h.close();
  });

  it('refuses loopback once the admin no longer allows it, with the same run-log entry for an open and a closed port', async () => {
    const closed = await closedPort();
    // Saved while the admin allowed loopback receivers (the test default)…
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'Probe',
      enabled: true,
      trigger: { type: 'event', event: 'conversation.created' },
      actions: [
        { id: 'open', type: 'call_webhook', url: `http://127.0.0.1:${open.port}/open`, secretRef: 'crm' },
        { id: 'closed', type: 'call_webhook', url: `http://127.0.0.1:${closed}/closed`, secretRef: 'crm' },
        { id: 'by-name', type: 'call_webhook', url: `http://localhost:${open.port}/by-name`, secretRef: 'crm' },
      ],
    });
    // …then started without ULAK_WEBHOOK_ALLOW: every call is checked again when it is made.
    h.t.services.config.webhookAllow = EMPTY_ALLOW_LIST;
    try {
      await h.contact('prober');
      await h.tick();
    } finally {
      h.t.services.config.webhookAllow = parseAllowList('127.0.0.1/32,::1/128');
    }
    const [run] = await runsOf(h, wf.id);
    const steps = run.steps.map((s: any) => ({ stepId: s.stepId, outcome: s.outcome, reason: s.reason, detail: s.detail }));
    const refused = { outcome: 'failed', reason: 'destination_not_allowed', detail: { error: 'destination not allowed' } };
    expect(steps).toEqual([
      { stepId: 'open', ...refused },
      { stepId: 'closed', ...refused },
      { stepId: 'by-name', ...refused },
      { stepId: null, outcome: 'completed', reason: null, detail: {} },
    ]);
    expect(hits).toEqual([]);
  });

  it('reports an allowed but unreachable receiver without socket details', async () => {
    const closed = await closedPort();
    const wf = await h.admin.ok('POST', '/api/workflows', {
      name: 'Down',
      enabled: true,
      trigger: { type: 'event', event: 'conversation.created' },
      actions: [{ id: 'down', type: 'call_webhook', url: `http://127.0.0.1:${closed}/down`, secretRef: 'crm' }],
    });
    await h.contact('down-lead');
    await h.tick();
    const [run] = await runsOf(h, wf.id);
    expect(run.steps[0]).toMatchObject({ stepId: 'down', outcome: 'failed', reason: 'destination_unreachable', detail: { error: 'destination unreachable' } });
  });
});
