// The one way a message leaves us: rows, email headers, list previews, conversation and contact touches, events and the
// service lane's jobs for one agent reply or a 250-message campaign batch alike, in a fixed number of statements.
import { and, desc, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { tsParam } from '../db/client.ts';
import { contacts, conversations, messages } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { recordEvents } from '../events/record-event.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { attachUploads } from './attach-uploads.ts';
import { enqueueSend, inMarketingLane } from './lanes.ts';
import type { TrackingPlan } from '../tracking/index.ts';

export type QueuedMessage = typeof messages.$inferSelect;

export interface OutboundChannel {
  id: string;
  kind: string;
  config: Record<string, unknown>;
}

interface Common {
  conversationId: string;
  contactId: string;
  text: string;
  html?: string;
  senderType: 'user' | 'automation';
  senderUserId?: string;
  /** Unique per channel and direction: a second item with the same key is not inserted (its result is undefined). */
  idempotencyKey?: string;
  /** Defaults to whether an automation sent it. */
  causedByAutomation?: boolean;
  /** Uploads by `senderUserId` that become the message's attachments. */
  attachmentIds?: string[];
}

/** A private note: stored and shown to agents, never sent, never the list preview. */
export interface NoteItem extends Common {
  private: true;
}

export interface SendItem extends Common {
  private?: false;
  channel: OutboundChannel;
  to: { kind: string; value: string };
  /** Marketing goes through the marketing lane (claimed, no job) and, by email, starts its own thread. */
  purpose?: 'marketing' | 'service';
  /** The template's subject (email): a marketing message's own; a service reply keeps the thread's "Re:". */
  subject?: string | null;
  /** The lane re-checks this campaign's state when it claims the message (paused: held; cancelled: not sent). */
  campaignId?: string;
  /** Open and click tracking for a marketing email, stored on the message for its sending and its tracked links. */
  tracking?: TrackingPlan;
}

export type OutboundItem = NoteItem | SendItem;

export interface QueueOptions {
  jobs: Pick<JobQueue, 'send'>;
  now: Date;
}

/**
 * Inserts every item's message and does what a new outbound message implies. Returns, item by item, the stored row,
 * or undefined where the idempotency key already existed (nothing else is done for that item).
 */
export async function queueOutbound(tx: Tx, items: OutboundItem[], options: QueueOptions): Promise<Array<QueuedMessage | undefined>> {
  if (!items.length) return [];
  const { now } = options;
  const threads = await emailThreads(tx, items);
  // Ids chosen here tie each returned row to its item, whatever rows the conflict clause skipped.
  const ids = items.map(() => crypto.randomUUID());
  const inserted = await tx
    .insert(messages)
    .values(items.map((item, i) => messageValues(item, ids[i]!, now, threads)))
    .onConflictDoNothing()
    .returning();
  const byId = new Map(inserted.map((m) => [m.id, m]));
  const queued = ids.map((id) => byId.get(id));
  const made = items.flatMap((item, i) => (queued[i] ? [{ item, message: queued[i] }] : []));

  const previews = new Map<string, string>();
  for (const { item, message } of made) {
    const files = item.attachmentIds?.length ? await attachUploads(tx, message.id, item.attachmentIds, item.senderUserId, item.private ? undefined : item.channel.kind) : [];
    if (!item.private) previews.set(message.id, listPreview(item.text, files));
  }
  for (const { item, message } of made) if (!item.private) await enqueueSend(options.jobs, message, { tx, jobId: message.id });
  await touchConversations(tx, made, previews, now);
  const reached = made.filter(({ item }) => !item.private).map(({ message }) => message.contactId);
  if (reached.length)
    await tx
      .update(contacts)
      .set({ lastOutboundAt: now })
      .where(inArray(contacts.id, [...new Set(reached)]));
  await recordEvents(
    tx,
    made.map(({ item, message }) => ({
      type: 'message.created',
      contactId: message.contactId,
      conversationId: message.conversationId,
      messageId: message.id,
      causedByAutomation: message.causedByAutomation,
      payload: { private: message.private, ...(!item.private && item.campaignId ? { campaignId: item.campaignId } : {}) },
    })),
  );
  return queued;
}

/** The list preview: the text on one line, or for an attachment-only message the file names. */
export function listPreview(text: string, files: Array<{ filename: string }> = []): string {
  const line = text.replace(/\s+/g, ' ').trim() || files.map((f) => `📎 ${f.filename}`).join(', ');
  return line.slice(0, 160);
}

interface Thread {
  subject: string | null;
  last?: { mid: string; refs: string[] | null };
}
type Threads = Map<string, Thread>;

function messageValues(item: OutboundItem, id: string, now: Date, threads: Threads): typeof messages.$inferInsert {
  const common = {
    id,
    conversationId: item.conversationId,
    contactId: item.contactId,
    direction: 'out' as const,
    senderType: item.senderType,
    senderUserId: item.senderUserId ?? null,
    text: item.text,
    html: item.html ?? null,
    idempotencyKey: item.idempotencyKey ?? null,
    causedByAutomation: item.causedByAutomation ?? item.senderType === 'automation',
    searchText: messageSearchText(item.text),
    sentAt: now,
  };
  if (item.private) return { ...common, channelId: null, private: true, status: 'sent', purpose: null };
  return {
    ...common,
    channelId: item.channel.id,
    status: 'queued',
    purpose: item.purpose ?? null,
    metadata: {
      to: item.to,
      ...(item.campaignId ? { campaignId: item.campaignId } : {}),
      // Service mail (an agent's reply) is never tracked, whatever the caller passed.
      ...(item.tracking && item.channel.kind === 'email' && inMarketingLane(item.purpose) ? { tracking: item.tracking } : {}),
    },
    ...(item.channel.kind === 'email' ? emailHeaders(item, threads.get(item.conversationId)) : {}),
  };
}

/** Our own Message-ID (so a retried send keeps it); a marketing mail starts its own thread, a service reply continues the customer's. */
function emailHeaders(item: SendItem, thread: Thread | undefined) {
  const domain = String(item.channel.config.fromAddress ?? 'ulak@localhost').split('@')[1] ?? 'localhost';
  const emailMessageId = `<${crypto.randomUUID()}@${domain}>`;
  // A greeting or an offer is not an answer to the customer's last mail: its own thread, under its own subject.
  if (inMarketingLane(item.purpose)) return { emailMessageId, inReplyTo: null, references: null, subject: item.subject ?? null };
  const subject = thread?.subject ? (/^re:/i.test(thread.subject) ? thread.subject : `Re: ${thread.subject}`) : (item.subject ?? null);
  const last = thread?.last;
  return { emailMessageId, inReplyTo: last?.mid ?? null, references: last ? [...(last.refs ?? []), last.mid].slice(-20) : null, subject };
}

/** For service email: each conversation's subject and its last email that is not marketing (a newsletter is a thread of its own). */
async function emailThreads(tx: Tx, items: OutboundItem[]): Promise<Threads> {
  const ids = [...new Set(items.filter((i): i is SendItem => !i.private && i.channel.kind === 'email' && !inMarketingLane(i.purpose)).map((i) => i.conversationId))];
  const threads: Threads = new Map();
  if (!ids.length) return threads;
  const subjects = await tx.select({ id: conversations.id, subject: conversations.subject }).from(conversations).where(inArray(conversations.id, ids));
  const lasts = await tx
    .selectDistinctOn([messages.conversationId], { conversationId: messages.conversationId, mid: messages.emailMessageId, refs: messages.references })
    .from(messages)
    .where(and(inArray(messages.conversationId, ids), isNotNull(messages.emailMessageId), sql`${messages.purpose} is distinct from 'marketing'`))
    .orderBy(messages.conversationId, desc(messages.seq));
  for (const c of subjects) threads.set(c.id, { subject: c.subject });
  for (const l of lasts) threads.get(l.conversationId)!.last = { mid: l.mid!, refs: l.refs };
  return threads;
}

/** One statement for the batch. The preview is the conversation's latest sent item; notes move only the activity time. */
async function touchConversations(tx: Tx, made: Array<{ item: OutboundItem; message: QueuedMessage }>, previews: Map<string, string>, now: Date) {
  const touched = new Map<string, { preview: string | null; answers: boolean }>();
  for (const { item, message } of made) {
    const seen = touched.get(message.conversationId) ?? { preview: null, answers: false };
    touched.set(message.conversationId, {
      preview: previews.get(message.id) ?? seen.preview,
      answers: seen.answers || (!item.private && item.senderType === 'user'),
    });
  }
  if (!touched.size) return;
  const rows = [...touched.values()];
  await tx.execute(sql`
    update conversations c set
      last_activity_at = ${tsParam(now)},
      last_message_preview = case when v.sent then v.preview else c.last_message_preview end,
      last_message_direction = case when v.sent then 'out' else c.last_message_direction end,
      unread_count = case when v.sent then 0 else c.unread_count end,
      first_response_at = case when v.answers then coalesce(c.first_response_at, ${tsParam(now)}) else c.first_response_at end,
      updated_at = ${tsParam(now)}
    from unnest(
      ${sqlArray([...touched.keys()], 'uuid')},
      ${sqlArray(
        rows.map((r) => r.preview),
        'text',
      )},
      ${sqlArray(
        rows.map((r) => r.preview !== null),
        'boolean',
      )},
      ${sqlArray(
        rows.map((r) => r.answers),
        'boolean',
      )}
    ) as v(id, preview, sent, answers)
    where c.id = v.id`);
}
