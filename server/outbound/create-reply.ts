// An agent's (or automation's) reply: checks it can go out, then queues it (row and send job commit together); notes are never sent.
import { and, eq, like, inArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { channels, contactIdentities, conversations, messages } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { transact } from '../events/record-event.ts';
import { IDENTITY_ORDER } from '../contacts/identities-of.ts';
import { type ChannelKind, RECIPIENT_KINDS } from '../../connectors/channel-kinds.ts';
import { type OutboundItem, queueOutbound } from './queue-outbound.ts';
import type { TrackingPlan } from '../tracking/index.ts';

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
  /** Open and click tracking (marketing email only; queueOutbound drops it for anything else). */
  tracking?: TrackingPlan;
  /** Uploads by `senderUserId` to attach; they become the message's attachments in the same transaction. */
  attachmentIds?: string[];
}

export async function createReply(deps: { database: Database; jobs: JobQueue; now(): Date }, input: ReplyInput) {
  return transact(deps.database, async (tx) => {
    const [conv] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).for('update');
    if (!conv) throw notFound('conversation');

    if (input.idempotencyKey) {
      const [dup] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conv.id), eq(messages.direction, 'out'), eq(messages.idempotencyKey, input.idempotencyKey)));
      if (dup) return dup;
    }

    const common = {
      conversationId: conv.id,
      contactId: conv.contactId,
      text: input.text,
      html: input.html,
      senderType: input.senderType,
      senderUserId: input.senderUserId,
      idempotencyKey: input.idempotencyKey,
      causedByAutomation: input.causedByAutomation,
      attachmentIds: input.attachmentIds,
    };
    const item: OutboundItem = input.private
      ? { ...common, private: true }
      : { ...common, ...(await destination(tx, conv, input.channelId)), purpose: input.purpose, subject: input.subject, tracking: input.tracking };
    const [message] = await queueOutbound(tx, [item], { jobs: deps.jobs, now: deps.now() });
    if (!message) throw new AppError(409, 'duplicate', 'A reply with this idempotency key already exists');
    return message;
  });
}

/** The channel a reply goes out on (the agent's pick, else the conversation's) and the customer's address there. */
async function destination(tx: Tx, conv: typeof conversations.$inferSelect, pickedChannelId: string | undefined) {
  const channelId = pickedChannelId ?? conv.channelId;
  if (!channelId) throw new AppError(422, 'no_channel', 'This conversation has no channel to reply on; pick one');
  const [channel] = await tx.select().from(channels).where(eq(channels.id, channelId));
  if (!channel) throw new AppError(422, 'unknown_channel', 'That channel does not exist');
  return { channel, to: await recipientFor(tx, conv.contactId, channel.id, channel.kind) };
}

async function recipientFor(tx: Tx, contactId: string, channelId: string, channelKind: ChannelKind) {
  const kinds = [...RECIPIENT_KINDS[channelKind]];
  const rows = await tx
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.contactId, contactId), inArray(contactIdentities.kind, kinds), channelKind === 'api' ? like(contactIdentities.value, `${channelId}:%`) : sql`true`))
    .orderBy(...IDENTITY_ORDER);
  const usable = [...RECIPIENT_KINDS[channelKind]].flatMap((kind) => rows.filter((r) => r.kind === kind && !r.undeliverable))[0];
  if (!usable) {
    if (rows.length) throw new AppError(422, 'recipient_undeliverable', `The customer's ${channelKind} address is marked undeliverable (${rows[0]!.undeliverableReason ?? 'unknown reason'})`);
    throw new AppError(422, 'no_identity_for_channel', `The customer has no ${channelKind} identity to reply to`);
  }
  return { kind: usable.kind, value: usable.value };
}
