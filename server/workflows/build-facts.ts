// Builds the pure core's facts snapshot for one contact (and the run's conversation and trigger message).
import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { ChannelKind } from '../../connectors/channel.ts';
import type { Db } from '../db/client.ts';
import { channels, contacts, conversations, messages } from '../db/schema/index.ts';
import type { Action, Condition, ContactFacts, ConversationFacts, Facts, MessageFacts, WorkflowDefinition } from '../../workflows/index.ts';
import { eventNamesIn } from '../../workflows/conditions/schema.ts';
import { loadEventFacts } from '../orders/event-facts.ts';
import type { EngineWorkspace } from './workspace-settings.ts';
import { factsForRows } from '../segments/load-contact-facts.ts';
import { ownIdentityKind } from '../../connectors/channel-kinds.ts';

type ContactRow = typeof contacts.$inferSelect;

/** Identity kinds some active channel account can reach: an email address is no use without a mailbox. */
export async function reachableIdentityKinds(db: Db): Promise<Set<string>> {
  return new Set((await db.selectDistinct({ kind: channels.kind }).from(channels).where(eq(channels.active, true))).map((c) => ownIdentityKind(c.kind)));
}

/** The customer events a workflow's conditions and branches count, so its facts load only those. */
export function workflowEventNames(definition: Pick<WorkflowDefinition, 'conditions' | 'actions'>): string[] {
  const trees: Array<Condition | undefined> = [definition.conditions];
  const walk = (actions: Action[]) => {
    for (const a of actions)
      if (a.type === 'branch') {
        trees.push(a.if);
        walk(a.then);
        walk(a.else ?? []);
      }
  };
  walk(definition.actions);
  return [...new Set(trees.flatMap(eventNamesIn))];
}

/**
 * Contact facts for many contacts at once (scanners and previews), with only identities some channel can reach, and
 * the counted customer events (`events.names`) as of `events.now`.
 */
export async function contactFacts(db: Db, rows: ContactRow[], reachableKinds?: Set<string>, events?: { names: string[]; now: Date }): Promise<ContactFacts[]> {
  if (rows.length === 0) return [];
  const facts = await factsForRows(db, rows);
  const reachable = reachableKinds ?? (await reachableIdentityKinds(db));
  const counted = events?.names.length
    ? await loadEventFacts(
        db,
        rows.map((r) => r.id),
        events.names,
        events.now,
      )
    : undefined;
  return facts.map((f) => ({ ...f, identities: f.identities?.filter((i) => reachable.has(i.kind)), ...(counted && { events: counted.get(f.id) ?? {} }) }));
}

export interface RunContext {
  [key: string]: unknown;
  conversationId?: string;
  messageId?: string;
  message?: MessageFacts;
  messageLanguage?: string;
  label?: string;
  vars?: Record<string, unknown>;
  waiting?: { forReply: boolean; record?: 'reactivated' | 'nps' | 'csat'; step: string | null; until: string };
}

/** The snapshot for one run at `now`; undefined when the contact is gone or erased. */
export async function buildFacts(db: Db, contactId: string, context: RunContext, ws: EngineWorkspace, now: Date, reachableKinds?: Set<string>, eventNames: string[] = []): Promise<Facts | undefined> {
  const [row] = await db.select().from(contacts).where(eq(contacts.id, contactId));
  if (!row || row.erasedAt) return undefined;
  const [contact] = await contactFacts(db, [row], reachableKinds, { names: eventNames, now });
  if (!contact!.language && context.messageLanguage) contact!.language = context.messageLanguage;
  const conversation = await runConversation(db, contactId, context.conversationId);
  return {
    contact: contact!,
    message: context.message,
    conversation,
    workspace: { name: ws.name, timeZone: ws.timeZone },
    vars: context.vars,
    now,
  };
}

/** The run's own conversation, else the contact's latest one that is not resolved. */
async function runConversation(db: Db, contactId: string, conversationId?: string): Promise<ConversationFacts | undefined> {
  const [conv] = conversationId
    ? await db.select().from(conversations).where(eq(conversations.id, conversationId))
    : await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.contactId, contactId), ne(conversations.status, 'resolved')))
        .orderBy(desc(conversations.lastActivityAt))
        .limit(1);
  if (!conv) return undefined;
  // A conversation can span channels: the customer's latest message in it says where they are, else where it began.
  const [lastIn] = await db
    .select({ channelId: messages.channelId })
    .from(messages)
    .where(and(eq(messages.conversationId, conv.id), eq(messages.direction, 'in'), isNotNull(messages.channelId)))
    .orderBy(desc(messages.seq))
    .limit(1);
  const channelId = lastIn?.channelId ?? conv.channelId;
  const [channel] = channelId ? await db.select({ kind: channels.kind }).from(channels).where(eq(channels.id, channelId)) : [];
  return {
    id: conv.id,
    ...(channel && { channel: channel.kind as ChannelKind, channelId: channelId! }),
    status: conv.status,
    priority: conv.priority === 'none' ? undefined : conv.priority,
    labels: conv.labels,
    subject: conv.subject ?? undefined,
  };
}
