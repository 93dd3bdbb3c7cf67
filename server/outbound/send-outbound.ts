// The outbound worker: sends a queued message through its connector; retries our retryable codes with backoff.
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { SENDING } from './message-status.ts';
import { ChannelError, type ChannelKind, type OutboundMessage } from '../../connectors/channel.ts';
import { marketingRefusals, type UnsubscribeConfig, withUnsubscribe } from '../consent/index.ts';
import type { Database } from '../db/client.ts';
import { attachments, contactIdentities, contacts, conversations, messages } from '../db/schema/index.ts';
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

export function retryDelayMs(attempt: number, baseMs: number, retryAfterMs?: number): number {
  if (retryAfterMs && retryAfterMs > 0) return retryAfterMs;
  const exp = Math.min(baseMs * 2 ** (attempt - 1), 15 * 60_000);
  return Math.round(exp * (0.75 + Math.random() * 0.5));
}

/** The pg-boss job being worked, when known: lets a session-bound send be handed on exactly once. */
export interface JobRef {
  id: string;
  queue: string;
}

export async function sendOutbound(deps: SendDeps, job: { messageId: string; attempt: number }, ref?: JobRef): Promise<void> {
  const db = deps.database.db;
  const [message] = await db.select().from(messages).where(eq(messages.id, job.messageId));
  if (!message || message.status !== 'queued' || !message.channelId) return;

  let outbound: OutboundMessage;
  let error: unknown;
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
    outbound = await buildOutbound(deps, message);
    const result = await live.channel.send(outbound);
    await transact(deps.database, async (tx) => {
      const [row] = await tx
        .update(messages)
        .set({ status: 'sent', externalId: result.externalId, statusAt: deps.now(), errorCode: null, errorMessage: null, sendingUntil: null })
        .where(and(eq(messages.id, message.id), inArray(messages.status, SENDING)))
        .returning({ id: messages.id });
      if (row) await recordEvent(tx, { type: 'message.updated', messageId: message.id, conversationId: message.conversationId, contactId: message.contactId, payload: { status: 'sent' } });
    });
    return;
  } catch (e) {
    error = e;
  }

  const channelError = error instanceof ChannelError ? error : new ChannelError('TEMPORARY', (error as Error)?.message ?? String(error), { cause: error });
  const retry = channelError.retryable && job.attempt < deps.maxAttempts;
  await transact(deps.database, async (tx) => {
    if (retry) {
      const delay = retryDelayMs(job.attempt, deps.retryBaseMs, channelError.options.retryAfterMs);
      await tx
        .update(messages)
        .set({ sendingUntil: null, metadata: sql`${messages.metadata} || ${JSON.stringify({ attempts: job.attempt, lastError: { code: channelError.code, message: channelError.message } })}::jsonb` })
        .where(eq(messages.id, message.id));
      await deps.jobs.send(QUEUES.outboundSend, { messageId: message.id, attempt: job.attempt + 1 }, { tx, startAfter: new Date(deps.now().getTime() + delay) });
      return;
    }
    const code = channelError.code;
    await tx
      .update(messages)
      .set({ status: 'failed', errorCode: code, errorMessage: channelError.message, statusAt: deps.now(), sendingUntil: null, metadata: sql`${messages.metadata} || ${JSON.stringify({ attempts: job.attempt })}::jsonb` })
      .where(and(eq(messages.id, message.id), inArray(messages.status, SENDING)));
    if (code === 'BLOCKED' || code === 'INVALID_RECIPIENT') {
      const to = message.metadata.to as { kind: string; value: string } | undefined;
      if (to) await tx.update(contactIdentities).set({ undeliverable: true, undeliverableReason: channelError.message }).where(and(eq(contactIdentities.kind, to.kind as 'email'), eq(contactIdentities.value, to.value)));
    }
    await recordEvent(tx, { type: 'message.updated', messageId: message.id, conversationId: message.conversationId, contactId: message.contactId, payload: { status: 'failed', code } });
  });
}

/** Longer than any provider call may take (each connector times out well before); a worker that died mid-send frees the message when it runs out. */
export const SEND_LEASE_MS = 5 * 60_000;

/** Takes the message for this worker unless another worker is sending it right now (then says until when). */
async function claimSend(deps: SendDeps, messageId: string): Promise<{ ok: true } | { ok: false; leasedUntil?: Date }> {
  const now = deps.now();
  const claimed = await deps.database.db
    .update(messages)
    .set({ sendingUntil: new Date(now.getTime() + (deps.sendLeaseMs ?? SEND_LEASE_MS)) })
    .where(and(eq(messages.id, messageId), inArray(messages.status, SENDING), or(isNull(messages.sendingUntil), lt(messages.sendingUntil, now))))
    .returning({ id: messages.id });
  if (claimed.length) return { ok: true };
  const [held] = await deps.database.db.select({ status: messages.status, sendingUntil: messages.sendingUntil }).from(messages).where(eq(messages.id, messageId));
  return { ok: false, leasedUntil: held?.status === 'queued' ? (held.sendingUntil ?? undefined) : undefined };
}

async function buildOutbound(deps: SendDeps, message: typeof messages.$inferSelect): Promise<OutboundMessage> {
  const db = deps.database.db;
  const to = message.metadata.to as OutboundMessage['to'];
  const [contact] = await db.select({ name: contacts.name, language: contacts.language }).from(contacts).where(eq(contacts.id, message.contactId));
  const [conv] = await db.select({ token: conversations.token }).from(conversations).where(eq(conversations.id, message.conversationId));
  const [lastInbound] = await db
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(and(eq(messages.conversationId, message.conversationId), eq(messages.direction, 'in'), eq(messages.channelId, message.channelId!)))
    .orderBy(desc(messages.seq))
    .limit(1);
  const files = await db.select().from(attachments).where(eq(attachments.messageId, message.id));
  const loaded = [];
  for (const f of files) {
    const content = f.storageKey ? await deps.storage.get(f.storageKey) : undefined;
    if (content) loaded.push({ filename: f.filename, contentType: f.contentType, content, url: deps.fileUrl?.(f.id) });
  }
  const outbound: OutboundMessage = {
    id: message.id,
    to: { ...to, name: contact?.name ?? undefined },
    text: message.text,
    html: message.html ?? undefined,
    subject: message.subject ?? undefined,
    threading: {
      messageId: message.emailMessageId ?? undefined,
      inReplyTo: message.inReplyTo ?? undefined,
      references: message.references ?? undefined,
      replyToExternalId: lastInbound?.externalId ?? undefined,
      conversationToken: conv?.token,
    },
    attachments: loaded.length ? loaded : undefined,
  };
  const marketingEmail = message.purpose === 'marketing' && to.kind === 'email' && deps.unsubscribe;
  return marketingEmail ? withUnsubscribe(outbound, { id: message.contactId, language: contact?.language }, deps.unsubscribe!) : outbound;
}

/** An opt-out or suppression that arrived after the message was queued: the message fails as OPTED_OUT, unsent. */
async function refuseMarketing(deps: SendDeps, message: typeof messages.$inferSelect, channelKind: ChannelKind): Promise<boolean> {
  const to = message.metadata.to as { kind: string; value: string };
  const refusal = (await marketingRefusals(deps.database.db, [{ id: message.id, contactId: message.contactId, channelKind, to }])).get(message.id);
  if (!refusal) return false;
  await transact(deps.database, async (tx) => {
    await tx
      .update(messages)
      .set({ status: 'failed', errorCode: 'OPTED_OUT', errorMessage: refusal === 'suppressed' ? 'the address is on the suppression list' : 'the contact opted out of marketing here', statusAt: deps.now(), sendingUntil: null })
      .where(and(eq(messages.id, message.id), eq(messages.status, 'queued')));
    await recordEvent(tx, { type: 'message.updated', messageId: message.id, conversationId: message.conversationId, contactId: message.contactId, payload: { status: 'failed', code: 'OPTED_OUT' } });
  });
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
  else await deps.jobs.send(queue, job, { startAfter: new Date(deps.now().getTime() + 5_000) });
}
