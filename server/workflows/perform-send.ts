// Carries out a send decision: picks the channel account, the conversation, and queues the reply exactly once.
import { and, desc, eq } from 'drizzle-orm';
import type { ChannelKind, Identity } from '../../connectors/channel.ts';
import type { Database } from '../db/client.ts';
import { channels, conversations, messages, workflows, workspaces } from '../db/schema/index.ts';
import { messageBody } from '../outbound/message-body.ts';
import { trackingPlan, type TrackingPlan } from '../tracking/index.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createReply } from '../outbound/create-reply.ts';
import { openConversationFor } from '../conversations/open-conversation-for.ts';

export interface SendDepsLite {
  database: Database;
  jobs: JobQueue;
  now(): Date;
}

export interface SendRequest {
  runId: string;
  /** Names the `utm_campaign` of a tracked marketing email. */
  workflowId?: string;
  stepId: string;
  contactId: string;
  channel: { kind: ChannelKind; identity: Identity };
  text: string;
  subject?: string;
  conversationId?: string;
  purpose: 'marketing' | 'service';
}

export async function performSend(deps: SendDepsLite, req: SendRequest): Promise<{ messageId: string; conversationId: string; channelId: string }> {
  const channelId = await channelAccountFor(deps.database, req);
  if (!channelId) throw new AppError(422, 'no_channel_account', `No active ${req.channel.kind} channel to send on`);
  const conversationId = await openConversationFor(deps, { contactId: req.contactId, channelId, preferredId: req.conversationId, subject: req.subject, causedByAutomation: true });
  // Run and step make the key: a retried or restarted step finds its message instead of sending again.
  const idempotencyKey = `${req.runId}:${req.stepId}`;
  try {
    const message = await createReply(deps, {
      conversationId,
      channelId,
      ...messageBody(req.text, { email: req.channel.kind === 'email' }),
      subject: req.subject,
      tracking: req.purpose === 'marketing' && req.channel.kind === 'email' ? await workflowTracking(deps.database, req.workflowId) : undefined,
      senderType: 'automation',
      idempotencyKey,
      causedByAutomation: true,
      purpose: req.purpose,
    });
    return { messageId: message.id, conversationId, channelId };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'duplicate')) throw error;
    const [sent] = await deps.database.db
      .select({ id: messages.id, conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.channelId, channelId), eq(messages.direction, 'out'), eq(messages.idempotencyKey, idempotencyKey)));
    return { messageId: sent!.id, conversationId: sent!.conversationId, channelId };
  }
}

/** The workspace's tracking for a marketing email of this workflow; never for service messages. */
async function workflowTracking(database: Database, workflowId: string | undefined): Promise<TrackingPlan | undefined> {
  const [ws] = await database.db.select({ tracking: workspaces.tracking }).from(workspaces).limit(1);
  if (!ws) return undefined;
  const [flow] = workflowId ? await database.db.select({ name: workflows.name }).from(workflows).where(eq(workflows.id, workflowId)) : [];
  return trackingPlan(ws.tracking, flow?.name ?? 'workflow');
}

/** API identities name their channel; otherwise the conversation's channel, the one the contact last used, any active one. */
async function channelAccountFor(database: Database, req: SendRequest): Promise<string | undefined> {
  const db = database.db;
  const active = await db
    .select({ id: channels.id, kind: channels.kind })
    .from(channels)
    .where(and(eq(channels.kind, req.channel.kind), eq(channels.active, true)));
  const ids = new Set(active.map((c) => c.id));
  if (req.channel.kind === 'api') {
    const prefix = req.channel.identity.value.slice(0, 36);
    return ids.has(prefix) ? prefix : undefined;
  }
  if (req.conversationId) {
    const [conv] = await db.select({ channelId: conversations.channelId }).from(conversations).where(eq(conversations.id, req.conversationId));
    if (conv?.channelId && ids.has(conv.channelId)) return conv.channelId;
  }
  const used = await db
    .select({ channelId: messages.channelId })
    .from(messages)
    .where(and(eq(messages.contactId, req.contactId), eq(messages.direction, 'in')))
    .orderBy(desc(messages.seq))
    .limit(20);
  return used.map((u) => u.channelId).find((id): id is string => !!id && ids.has(id)) ?? active[0]?.id;
}
