// A test app with a movable clock, an API channel whose replies land on a local webhook, and one engine "tick".
import { count, eq, isNotNull, sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { consents, messages, workflowRuns } from '../../server/db/schema/index.ts';
import { dispatchEvents, runDueSteps, scanDue } from '../../server/workflows/index.ts';
import { createApiChannel, eventually, postInbound, webhookReceiver } from '../support/api-channel.ts';
import { Client, createTestApp, type TestApp, type TestAppOptions } from '../support/test-app.ts';

export interface Harness {
  t: TestApp;
  admin: Client;
  channel: { id: string; secret: string };
  receiver: ReturnType<typeof webhookReceiver>;
  clock: { now: Date };
  setClock(iso: string | Date): void;
  /** Dispatch events, scan time-based triggers and run due steps, as the workers do. */
  tick(): Promise<void>;
  /** A contact who wrote once on the API channel, with profile fields set through the API. */
  contact(id: string, profile?: Record<string, unknown>, text?: string): Promise<string>;
  optOut(contactId: string): Promise<void>;
  /** Replies that reached the channel's webhook for this customer id. */
  received(customerId: string): any[];
  close(): Promise<void>;
}

export async function createHarness(startIso: string, options: Pick<TestAppOptions, 'drivers'> = {}): Promise<Harness> {
  const clock = { now: new Date(startIso) };
  const t = await createTestApp({ workers: true, now: () => clock.now, ...options });
  const admin = await Client.admin(t.app);
  const receiver = webhookReceiver();
  const channel = await createApiChannel(admin, receiver.url);
  let seq = 0;
  const leasedRuns = async () => Number((await t.services.database.db.select({ n: count() }).from(workflowRuns).where(isNotNull(workflowRuns.leaseOwner)))[0]!.n);
  const h: Harness = {
    t,
    admin,
    channel,
    receiver,
    clock,
    setClock(iso) {
      clock.now = new Date(iso);
    },
    async tick() {
      await dispatchAll(t);
      await scanDue(t.services);
      await runDueSteps(t.services);
      // The app's own background runner (workers are on) may hold some runs' leases: wait until it lets go,
      // so a tick means "everything due by now has been done", whoever did it.
      for (let i = 0; i < 400 && (await leasedRuns()) > 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
        await runDueSteps(t.services);
      }
      await dispatchAll(t);
    },
    async contact(id, profile = {}, text = 'Merhaba') {
      const res = await postInbound(t.app, channel, { externalId: `${id}-${++seq}`, from: { id, name: String(profile.name ?? id) }, text });
      if (res.status !== 202) throw new Error(`inbound failed: ${JSON.stringify(res.body)}`);
      const { name: _n, ...rest } = profile;
      if (Object.keys(rest).length) await admin.ok('PATCH', `/api/contacts/${res.body.contactId}`, rest);
      return res.body.contactId as string;
    },
    async optOut(contactId) {
      await t.services.database.db
        .insert(consents)
        .values({ contactId, channel: 'api', status: 'opted_out', source: 'test: STOP', at: clock.now })
        .onConflictDoUpdate({ target: [consents.contactId, consents.channel], set: { status: 'opted_out' } });
    },
    // Messages the integrator received, as it would count them: deliveries are at least once, and a resend after a
    // timeout carries the same Idempotency-Key (the message id), which receivers drop. One entry per message.
    received: (customerId) => {
      const seen = new Set<string>();
      return receiver.received.filter((r, i) => {
        const key = receiver.idempotencyKeys[i] || r.id;
        if (r.to?.id !== customerId || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
    async close() {
      receiver.stop();
      await t.close();
    },
  };
  return h;
}

/** Waits until every queued outbound message has been handed to the channel. */
/** Waits until every queued reply has been through the outbound worker (and at least `expected` reached the webhook). */
export async function drainOutbound(h: Harness, expected: number) {
  const queued = async () => Number((await h.t.services.database.db.select({ n: count() }).from(messages).where(eq(messages.status, 'queued')))[0]!.n);
  await eventually(async () => h.receiver.received.length >= expected && (await queued()) === 0, 60_000);
  // A little longer, so a duplicate would have had its chance to arrive too.
  await new Promise((r) => setTimeout(r, 300));
}

export async function runsOf(h: Harness, workflowId: string) {
  return (await h.admin.ok('GET', `/api/workflows/${workflowId}/runs?limit=500`)).items as any[];
}

/**
 * Dispatches until every committed event is behind the cursor. The cursor is gap-free: it waits for every older
 * transaction on the server to end, and on a Postgres shared with other test files that can take a moment.
 */
const DISPATCH_LIMIT_MS = 60_000;

export async function dispatchAll(t: TestApp) {
  const behind = async () =>
    rowsOf<{ n: number }>(
      await t.services.database.db.execute(sql`select count(*)::int as n from domain_events e
        where not exists (select 1 from workflow_cursors c where c.name = 'domain-events' and c.value is not null
          and (e.txid, e.id) <= (split_part(c.value, ':', 1)::xid8, split_part(c.value, ':', 2)::bigint))`),
    )[0]!.n;
  // Generous: on a loaded machine other files' transactions (the snapshot is the whole cluster's) can run for seconds.
  for (const deadline = Date.now() + DISPATCH_LIMIT_MS; Date.now() < deadline;) {
    await dispatchEvents(t.services);
    if ((await behind()) === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`events still waiting for dispatch after ${DISPATCH_LIMIT_MS / 1000} s`);
}
