// The marketing lane: claims queued marketing messages in batches, builds them in batch, sends them with bounded
// concurrency through the channel (pooled SMTP), and records the outcomes in batch. Service traffic never waits here:
// it has pg-boss jobs of its own (`outbound-send`), and marketing messages get no job there.
import { eq, inArray, sql } from 'drizzle-orm';
import type { SendResult } from '../../connectors/channel.ts';
import { isDatabaseAway } from '../../connectors/is-transient-failure.ts';
import { rowsOf, tsParam, type Database } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { recordEvents, transact } from '../events/record-event.ts';
import type { Logger } from '../logger.ts';
import { buildOutboundBatch, outboundOrThrow, type MessageRow } from './build-outbound.ts';
import { claimMarketingSends, recheckCampaigns } from './claim-marketing-sends.ts';
import { failureOutcome, markFailed, markOptedOut, noteRetry } from './send-failure.ts';
import { marketingRefusals } from '../consent/index.ts';
import { SEND_LEASE_MS, type SendDeps } from './send-outbound.ts';
import { leaseEndsIn } from './lease.ts';
import { recordAfterSend } from './record-after-send.ts';
import { applyEarlyReceipts } from './early-receipts.ts';
import { SPOOL_HURRIED_MS } from '../lib/spool-watch.ts';

export interface LaneOptions {
  /** Messages per claim. Small enough that a pause stops the lane within a fraction of a second. */
  batchSize?: number;
  /** Sends in flight at once per batch (the SMTP pool queues what its connections cannot take yet). */
  concurrency?: number;
}

export interface LaneReport {
  claimed: number;
  sent: number;
  held: number;
  cancelled: number;
  failed: number;
  retrying: number;
}

export async function sendMarketingBatch(deps: SendDeps, options: LaneOptions = {}): Promise<LaneReport> {
  const claimDeps = { database: deps.database, now: deps.now, leaseMs: deps.sendLeaseMs ?? SEND_LEASE_MS };
  const claimed = await claimMarketingSends(claimDeps, options.batchSize ?? 200, await sessionChannelsHeldElsewhere(deps));
  const report: LaneReport = { claimed: claimed.length, sent: 0, held: 0, cancelled: 0, failed: 0, retrying: 0 };
  if (!claimed.length) return report;
  const rechecked = await recheckCampaigns(claimDeps, claimed);
  Object.assign(report, { held: rechecked.held, cancelled: rechecked.cancelled });
  // Consent and suppression are checked again too: an opt-out may have arrived since the message was queued.
  const send = await dropRefused(deps, rechecked.send);
  report.failed += rechecked.send.length - send.length;
  const built = await buildOutboundBatch(deps, send);
  const recorder = new SentRecorder(deps);
  const claims = keepClaims(deps, claimDeps.leaseMs, send);
  const results = await mapBounded(send, options.concurrency ?? 32, async (m): Promise<{ m: MessageRow; result?: SendResult; error?: unknown }> => {
    try {
      const live = await deps.runtime.instance(m.channelId!);
      const result = await live.channel.send(outboundOrThrow(built.get(m.id)));
      recorder.add({ m, externalId: result.externalId });
      return { m, result };
    } catch (error) {
      return { m, error };
    } finally {
      claims.done(m.id);
    }
  }).finally(() => claims.stop());
  const recording = recorder.finish();
  for (const { m, error } of results.filter((r) => !r.result)) {
    const attempt = Number(m.metadata.attempts ?? 0) + 1;
    const outcome = failureOutcome(error, attempt, deps);
    await transact(deps.database, async (tx) => {
      // A retry is the same claim held until its backoff ends: the lane takes the message again after that.
      if (outcome.retry) await noteRetry(tx, m, attempt, outcome.error, outcome.delayMs);
      else await markFailed(tx, m, attempt, outcome.code, outcome.error, deps.now());
    });
    report[outcome.retry ? 'retrying' : 'failed']++;
  }
  report.sent = await recording;
  return report;
}

/**
 * Renews the claim on the batch's messages not yet through, every third of the lease, while the batch runs: a batch
 * on a paced channel (WhatsApp sends about one message a second) can outlast one lease, and a claim that ran out
 * would let another worker take a message this one is about to send.
 */
function keepClaims(deps: SendDeps, leaseMs: number, batch: MessageRow[]) {
  const waiting = new Set(batch.map((m) => m.id));
  const timer = setInterval(() => {
    if (!waiting.size) return;
    void deps.database.db.execute(sql`update messages set sending_until = ${leaseEndsIn(leaseMs)} where id = any(${sqlArray([...waiting], 'uuid')}) and status = 'queued'`).catch(() => {}); // the next renewal tries again; the lease is long beside this interval
  }, leaseMs / 3);
  return { done: (id: string) => waiting.delete(id), stop: () => clearInterval(timer) };
}

/**
 * Writes down the lane's sends as they are accepted, a few at a time (RECORD_EVERY, or RECORD_AFTER_MS after the
 * first waiting one), not once the whole batch is through: a worker that dies mid-batch leaves at most those few
 * for the next worker to send again, even on a channel paced at one message a second. Each write is retried alone.
 */
class SentRecorder {
  static readonly RECORD_EVERY = 50;
  static readonly RECORD_AFTER_MS = 200;
  #waiting: Array<{ m: MessageRow; externalId: string }> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writes: Promise<number> = Promise.resolve(0);

  constructor(private readonly deps: SendDeps) {}

  add(sent: { m: MessageRow; externalId: string }) {
    this.#waiting.push(sent);
    if (this.#waiting.length >= SentRecorder.RECORD_EVERY) this.#write();
    else this.#timer ??= setTimeout(() => this.#write(), SentRecorder.RECORD_AFTER_MS);
  }

  /** Writes what is still waiting; the number of messages recorded as sent, or RecordingFailed. */
  finish(): Promise<number> {
    this.#write();
    return this.#writes;
  }

  #write() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#waiting.splice(0);
    if (!batch.length) return;
    // One write at a time, in order; a failed one fails the rest too (their messages keep their claim, see RecordingFailed).
    this.#writes = this.#writes.then(async (recorded) => recorded + (await recordAfterSend(() => recordSent(this.deps, batch))));
    this.#writes.catch(() => {}); // reported by finish(), not as an unhandled rejection meanwhile
  }
}

async function recordSent(deps: SendDeps, sent: Array<{ m: MessageRow; externalId: string }>): Promise<number> {
  if (!sent.length) return 0;
  return transact(deps.database, async (tx) => {
    const now = tsParam(deps.now());
    const updated = rowsOf<{ id: string; conversation_id: string; contact_id: string; channel_id: string; external_id: string }>(
      await tx.execute(sql`
      update messages m set status = 'sent', external_id = v.external_id, status_at = ${now}, error_code = null, error_message = null, sending_until = null
      from unnest(${sqlArray(
        sent.map((s) => s.m.id),
        'uuid',
      )}, ${sqlArray(
        sent.map((s) => s.externalId),
        'text',
      )}) as v(id, external_id)
      where m.id = v.id and m.status = 'queued'
      returning m.id, m.conversation_id, m.contact_id, m.channel_id, m.external_id`),
    );
    await recordEvents(
      tx,
      updated.map((r) => ({ type: 'message.updated' as const, messageId: r.id, conversationId: r.conversation_id, contactId: r.contact_id, payload: { status: 'sent' } })),
    );
    await applyEarlyReceipts(
      tx,
      updated.filter((r) => r.channel_id).map((r) => ({ channelId: r.channel_id, externalId: r.external_id })),
    );
    return updated.length;
  });
}

/** Session-bound channels (WhatsApp) send only from the process holding the session; others leave their messages alone. */
async function sessionChannelsHeldElsewhere(deps: SendDeps): Promise<string[]> {
  const rows = await deps.database.db.select({ id: channels.id, kind: channels.kind }).from(channels).where(eq(channels.active, true));
  const out: string[] = [];
  for (const r of rows) if ((await deps.runtime.driver(r.kind))?.sendsThroughSession && !(await deps.runtime.holds(r.id))) out.push(r.id);
  return out;
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export interface LaneLoopOptions extends LaneOptions {
  /** The nap when there is no work. */
  idleMs?: number;
  loops?: number;
  /** While true the lane claims nothing: opt-outs kept on this machine's disk are not recorded yet (spool-watch.ts). */
  holdWhile?: () => boolean;
  /** RESUME_AFTER_OUTAGE_MS unless given (tests). */
  resumeAfterOutageMs?: number;
}

/**
 * Once the database answers again after an outage the lane saw, it waits this long before claiming: each process's
 * spool pass (every SPOOL_HURRIED_MS while it holds something for the database) first records the opt-outs that
 * customers sent meanwhile, also those kept by another process (a `serve` process's one-click unsubscribe).
 */
export const RESUME_AFTER_OUTAGE_MS = 3 * SPOOL_HURRIED_MS;

export interface MarketingLane {
  stop(): Promise<void>;
}

/**
 * Runs the lane until stopped: batch after batch while there is work, a short nap when there is none. Two loops by
 * default, so one batch's database work overlaps the other's time on the wire (their claims never overlap).
 */
export function startMarketingLane(deps: SendDeps & { log: Logger }, options: LaneLoopOptions = {}): MarketingLane {
  let stopped = false;
  const naps = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const nap = {
        timer: setTimeout(() => {
          naps.delete(nap);
          resolve();
        }, ms),
        resolve,
      };
      naps.add(nap);
    });
  let databaseAway = false;
  const idle = () => sleep(options.idleMs ?? 250);
  const loop = async () => {
    while (!stopped) {
      if (options.holdWhile?.()) {
        await idle();
        continue;
      }
      if (databaseAway) {
        if (!(await answers(deps.database))) await idle();
        else {
          await sleep(options.resumeAfterOutageMs ?? RESUME_AFTER_OUTAGE_MS);
          databaseAway = false;
        }
        continue;
      }
      let claimed = 0;
      try {
        claimed = (await sendMarketingBatch(deps, options)).claimed;
      } catch (error) {
        if (stopped) break;
        if (isDatabaseAway(error)) {
          if (!databaseAway) deps.log.warn({ err: error }, 'marketing lane: the database is away; claiming again once it is back');
          databaseAway = true;
        } else deps.log.warn({ err: error }, 'marketing lane batch failed');
      }
      if (!claimed && !stopped) await idle();
    }
  };
  const loops = Promise.all(Array.from({ length: options.loops ?? 2 }, loop));
  return {
    async stop() {
      stopped = true;
      for (const nap of naps) {
        clearTimeout(nap.timer);
        nap.resolve();
      }
      await loops;
    },
  };
}

/** True when the database answers a trivial query. */
const answers = (database: Database) =>
  database.db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );

async function dropRefused(deps: SendDeps, rows: MessageRow[]): Promise<MessageRow[]> {
  if (!rows.length) return rows;
  const db = deps.database.db;
  const kinds = new Map(
    (
      await db
        .select({ id: channels.id, kind: channels.kind })
        .from(channels)
        .where(inArray(channels.id, [...new Set(rows.map((m) => m.channelId!))]))
    ).map((c) => [c.id, c.kind]),
  );
  const refusals = await marketingRefusals(
    db,
    rows.map((m) => ({ id: m.id, contactId: m.contactId, channelKind: kinds.get(m.channelId!)!, to: m.metadata.to as { kind: string; value: string } })),
  );
  if (!refusals.size) return rows;
  await transact(deps.database, async (tx) => {
    for (const m of rows) if (refusals.has(m.id)) await markOptedOut(tx, m, refusals.get(m.id)!, deps.now());
  });
  return rows.filter((m) => !refusals.has(m.id));
}
