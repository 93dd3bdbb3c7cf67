// The outbound worker: sends a queued message through its connector; retries our retryable codes with backoff.
import { and, eq, inArray } from 'drizzle-orm';
import { leaseEndsIn, leaseFree } from './lease.ts';
import { SENDING } from './message-status.ts';
import type { ChannelKind, OutboundMessage, SendResult } from '../../connectors/channel.ts';
import { recordAfterSend } from './record-after-send.ts';
import { applyEarlyReceipts } from './early-receipts.ts';
import { marketingRefusals, type UnsubscribeConfig } from '../consent/index.ts';
import type { Database } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { buildOutboundBatch, outboundOrThrow, type MessageRow } from './build-outbound.ts';
import { failureOutcome, markFailed, markOptedOut, noteRetry } from './send-failure.ts';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { QUEUES, type JobQueue } from '../jobs/job-queue.ts';
import { forwardedJobId, sessionQueue } from '../jobs/session-queue.ts';
import { recordEvent, transact } from '../events/record-event.ts';

export interface SendDeps {
  database: Database;
  runtime: ChannelRuntime;
  jobs: JobQueue;
  storage: FileStorage;
  now(): Date;
  /** First retry delay; doubles each attempt, with jitter. */
  retryBaseMs: number;
  maxAttempts: number;
  /** How long a claim on a message lasts; defaults to SEND_LEASE_MS. */
  sendLeaseMs?: number;
  /** A signed public link to an attachment; absent when ULAK_PUBLIC_URL is not configured. */
  fileUrl?: (attachmentId: string) => string;
  /** Where marketing email's unsubscribe links point; without it marketing email carries none (tests of other things). */
  unsubscribe?: UnsubscribeConfig;
}

export { retryDelayMs } from './send-failure.ts';

/** The pg-boss job being worked, when known: lets a session-bound send be handed on exactly once. */
export interface JobRef {
  id: string;
  queue: string;
}

export async function sendOutbound(deps: SendDeps, job: { messageId: string; attempt: number }, ref?: JobRef): Promise<void> {
  const db = deps.database.db;
  const [message] = await db.select().from(messages).where(eq(messages.id, job.messageId));
  if (!message || message.status !== 'queued' || !message.channelId) return;

  let error: unknown;
  let result: SendResult | undefined;
  try {
    const live = await deps.runtime.instance(message.channelId);
    if (live.driver.sendsThroughSession && !(await deps.runtime.holds(message.channelId))) {
      await handToSessionHolder(deps, message.channelId, job, ref);
      return;
    }
    // Two jobs can hold the same message (a retry beside a waiting job, a redelivered job): one sends. The other must
    // not simply finish: the holder may have died mid-send, so it comes back when the holder's lease runs out.
    const claim = await claimSend(deps, message.id);
    if (!claim.ok) {
      if (claim.leasedUntil) await deps.jobs.send(QUEUES.outboundSend, job, { startAfter: new Date(claim.leasedUntil.getTime() + 1_000) });
      return;
    }
    if (message.purpose === 'marketing' && (await refuseMarketing(deps, message, live.kind))) return;
    const outbound = await buildOutbound(deps, message);
    result = await live.channel.send(outbound);
  } catch (e) {
    error = e;
  }
  if (result) {
    // Sent: what follows is our bookkeeping, retried on its own (a RecordingFailed fails the job, keeping the lease).
    const { externalId } = result;
    await recordAfterSend(() =>
      transact(deps.database, async (tx) => {
        const [row] = await tx
          .update(messages)
          .set({ status: 'sent', externalId, statusAt: deps.now(), errorCode: null, errorMessage: null, sendingUntil: null })
          .where(and(eq(messages.id, message.id), inArray(messages.status, SENDING)))
          .returning({ id: messages.id });
        if (!row) return;
        await recordEvent(tx, { type: 'message.updated', messageId: message.id, conversationId: message.conversationId, contactId: message.contactId, payload: { status: 'sent' } });
        // The provider may have reported on it already, while this record was being written.
        if (message.channelId) await applyEarlyReceipts(tx, [{ channelId: message.channelId, externalId }]);
      }),
    );
    return;
  }

  const outcome = failureOutcome(error, job.attempt, deps);
  await transact(deps.database, async (tx) => {
    if (outcome.retry) {
      await noteRetry(tx, message, job.attempt, outcome.error);
      await deps.jobs.send(QUEUES.outboundSend, { messageId: message.id, attempt: job.attempt + 1 }, { tx, startAfter: afterRealDelay(outcome.delayMs) });
      return;
    }
    await markFailed(tx, message, job.attempt, outcome.code, outcome.error, deps.now());
  });
}

/** A job delay (backoff, waiting for a session holder) is machinery time, like a lease: the real clock, not the business one. */
const afterRealDelay = (ms: number) => new Date(Date.now() + ms);

/** Longer than any provider call may take (each connector times out well before); a worker that died mid-send frees the message when it runs out. */
export const SEND_LEASE_MS = 5 * 60_000;

/** Takes the message for this worker unless another worker is sending it right now (then says until when). */
async function claimSend(deps: SendDeps, messageId: string): Promise<{ ok: true } | { ok: false; leasedUntil?: Date }> {
  const claimed = await deps.database.db
    .update(messages)
    .set({ sendingUntil: leaseEndsIn(deps.sendLeaseMs ?? SEND_LEASE_MS) })
    .where(and(eq(messages.id, messageId), inArray(messages.status, SENDING), leaseFree(messages.sendingUntil)))
    .returning({ id: messages.id });
  if (claimed.length) return { ok: true };
  const [held] = await deps.database.db.select({ status: messages.status, sendingUntil: messages.sendingUntil }).from(messages).where(eq(messages.id, messageId));
  return { ok: false, leasedUntil: held?.status === 'queued' ? (held.sendingUntil ?? undefined) : undefined };
}

async function buildOutbound(deps: SendDeps, message: MessageRow): Promise<OutboundMessage> {
  return outboundOrThrow((await buildOutboundBatch(deps, [message])).get(message.id));
}

/** An opt-out or suppression that arrived after the message was queued: the message fails as OPTED_OUT, unsent. */
async function refuseMarketing(deps: SendDeps, message: MessageRow, channelKind: ChannelKind): Promise<boolean> {
  const to = message.metadata.to as { kind: string; value: string };
  const refusal = (await marketingRefusals(deps.database.db, [{ id: message.id, contactId: message.contactId, channelKind, to }])).get(message.id);
  if (!refusal) return false;
  await transact(deps.database, (tx) => markOptedOut(tx, message, refusal, deps.now()));
  return true;
}

/**
 * Another process holds this channel's session (or none does yet): the job moves to the channel's session queue,
 * which only the holder works. From the shared queue its id is derived from the job's, so a redelivered job is
 * not handed on twice; a session-queue job that finds the holder gone waits a little and tries again.
 */
async function handToSessionHolder(deps: SendDeps, channelId: string, job: { messageId: string; attempt: number }, ref?: JobRef) {
  const queue = sessionQueue(channelId);
  await deps.jobs.ensureQueue(queue);
  if (ref && ref.queue !== queue) await deps.jobs.send(queue, job, { id: forwardedJobId(ref.id) });
  else await deps.jobs.send(queue, job, { startAfter: afterRealDelay(5_000) });
}
