// An agent's (or automation's) reply: the message row (queued) and its send job commit together; notes are never sent.
import { and, desc, eq, like, inArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { channels, contactIdentities, contacts, conversations, messages } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { enqueueSend, inMarketingLane } from './lanes.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { linkUploads } from '../files/link-uploads.ts';
import { ChannelError } from '../../connectors/channel.ts';
import { driverFor } from '../../connectors/registry.ts';
import { type ChannelKind, RECIPIENT_KINDS } from '../../connectors/channel-kinds.ts';

export interface ReplyInput {
  conversationId: string;
  text: string;
  html?: string;
  private?: boolean;
  channelId?: string;
  senderType: 'user' | 'automation';
  senderUserId?: string;
  idempotencyKey?: string;
  causedByAutomation?: boolean;
  /** For automated sends: marketing counts toward the frequency cap, goes through the marketing lane and, by email, starts its own thread. */
  purpose?: 'marketing' | 'service';
  /** The template's subject (email): a marketing message's own subject; a service reply keeps the thread's "Re:". */
  subject?: string;
  /** Uploads by `senderUserId` to attach; they become the message's attachments in the same transaction. */
  attachmentIds?: string[];
}

export async function createReply(deps: { database: Database; jobs: JobQueue; now(): Date }, input: ReplyInput) {
  return transact(deps.database, async (tx) => {
    const [conv] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).for('update');
    if (!conv) throw notFound('conversation');
    const now = deps.now();

    if (input.idempotencyKey) {
      const [dup] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conv.id), eq(messages.direction, 'out'), eq(messages.idempotencyKey, input.idempotencyKey)));
      if (dup) return dup;
    }

    let values: typeof messages.$inferInsert;
    let channelKind: string | undefined;
    if (input.private) {
      values = base(input, conv.id, conv.contactId, null, now);
      values.status = 'sent';
      values.private = true;
    } else {
      const channelId = input.channelId ?? conv.channelId;
      if (!channelId) throw new AppError(422, 'no_channel', 'This conversation has no channel to reply on; pick one');
      const [channel] = await tx.select().from(channels).where(eq(channels.id, channelId));
      if (!channel) throw new AppError(422, 'unknown_channel', 'That channel does not exist');
      channelKind = channel.kind;
      const recipient = await recipientFor(tx, conv.contactId, channel.id, channel.kind);
      values = base(input, conv.id, conv.contactId, channel.id, now);
      values.status = 'queued';
      values.metadata = { to: recipient };
      if (channel.kind === 'email') Object.assign(values, await emailThreading(tx, conv, channel.config, input));
    }

    const [message] = await tx.insert(messages).values(values).onConflictDoNothing().returning();
    if (!message) throw new AppError(409, 'duplicate', 'A reply with this idempotency key already exists');
    const files = await linkUploads(tx, message.id, input.attachmentIds ?? [], input.senderUserId);
    if (!input.private && files.length) assertSendable(channelKind!, files);
    if (!input.private) await enqueueSend(deps.jobs, message, { tx, jobId: message.id });

    await tx
      .update(conversations)
      .set({
        lastActivityAt: now,
        // A private note never becomes the list preview: marketers see the list but may not read notes.
        ...(input.private ? {} : { lastMessagePreview: preview(input.text, files), lastMessageDirection: 'out', unreadCount: 0 }),
        ...(!input.private && input.senderType === 'user' && !conv.firstResponseAt ? { firstResponseAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(conversations.id, conv.id));
    if (!input.private) await tx.update(contacts).set({ lastOutboundAt: now }).where(eq(contacts.id, conv.contactId));
    await recordEvent(tx, {
      type: 'message.created',
      contactId: conv.contactId,
      conversationId: conv.id,
      messageId: message.id,
      causedByAutomation: input.causedByAutomation,
      payload: { private: !!input.private },
    });
    return message;
  });
}

/** The list preview: the text, or for an attachment-only reply the file names. */
function preview(text: string, files: Array<{ filename: string }>) {
  const line = text.replace(/\s+/g, ' ').trim() || files.map((f) => `📎 ${f.filename}`).join(', ');
  return line.slice(0, 160);
}

function base(input: ReplyInput, conversationId: string, contactId: string, channelId: string | null, now: Date): typeof messages.$inferInsert {
  return {
    conversationId,
    contactId,
    channelId,
    direction: 'out',
    senderType: input.senderType,
    senderUserId: input.senderUserId ?? null,
    text: input.text,
    html: input.html ?? null,
    status: 'queued',
    idempotencyKey: input.idempotencyKey ?? null,
    causedByAutomation: input.causedByAutomation ?? input.senderType === 'automation',
    purpose: input.purpose ?? null,
    searchText: messageSearchText(input.text),
    sentAt: now,
  };
}

async function recipientFor(tx: Tx, contactId: string, channelId: string, channelKind: ChannelKind) {
  const kinds = [...RECIPIENT_KINDS[channelKind]];
  const rows = await tx
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.contactId, contactId), inArray(contactIdentities.kind, kinds), channelKind === 'api' ? like(contactIdentities.value, `${channelId}:%`) : sql`true`));
  const usable = [...RECIPIENT_KINDS[channelKind]].flatMap((kind) => rows.filter((r) => r.kind === kind && !r.undeliverable))[0];
  if (!usable) {
    if (rows.length) throw new AppError(422, 'recipient_undeliverable', `The customer's ${channelKind} address is marked undeliverable (${rows[0]!.undeliverableReason ?? 'unknown reason'})`);
    throw new AppError(422, 'no_identity_for_channel', `The customer has no ${channelKind} identity to reply to`);
  }
  return { kind: usable.kind, value: usable.value };
}

async function emailThreading(tx: Tx, conv: typeof conversations.$inferSelect, config: Record<string, unknown>, input: Pick<ReplyInput, 'purpose' | 'subject'>) {
  const from = String(config.fromAddress ?? 'ulak@localhost');
  const domain = from.split('@')[1] ?? 'localhost';
  const emailMessageId = `<${crypto.randomUUID()}@${domain}>`;
  // A greeting or an offer is not an answer to the customer's last mail: it starts its own thread, under its own subject.
  if (inMarketingLane(input.purpose)) return { emailMessageId, inReplyTo: null, references: null, subject: input.subject ?? null };
  const [last] = await tx
    .select({ mid: messages.emailMessageId, refs: messages.references })
    .from(messages)
    // A marketing mail is a thread of its own: a reply continues the customer's thread, not the newsletter's.
    .where(and(eq(messages.conversationId, conv.id), sql`${messages.emailMessageId} is not null`, sql`${messages.purpose} is distinct from 'marketing'`))
    .orderBy(desc(messages.seq))
    .limit(1);
  const subject = conv.subject ? (/^re:/i.test(conv.subject) ? conv.subject : `Re: ${conv.subject}`) : (input.subject ?? null);
  return {
    emailMessageId,
    inReplyTo: last?.mid ?? null,
    references: last?.mid ? [...(last.refs ?? []), last.mid].slice(-20) : null,
    subject,
  };
}

/** A file the channel can never send is refused now, in words, not discovered by a failed send later. */
function assertSendable(channelKind: string, files: Array<{ filename: string; size: number }>) {
  try {
    driverFor(channelKind)?.checkAttachments?.(files);
  } catch (error) {
    if (error instanceof ChannelError) throw new AppError(422, 'attachment_not_sendable', error.message);
    throw error;
  }
}
