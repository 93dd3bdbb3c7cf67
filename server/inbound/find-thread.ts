// Chooses the conversation an inbound message belongs to: thread headers first, then the contact's open conversation.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { InboundMessage } from '../../connectors/channel.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { conversations, messages, workspaces } from '../db/schema/index.ts';

export interface ThreadMatch {
  conversationId: string;
  status: string;
  by: 'in-reply-to' | 'references' | 'token' | 'quote' | 'open-conversation';
}

/** A contact's latest conversation that is not resolved, as `findThread` falls back to it. */
export interface OpenConversation {
  conversationId: string;
  status: string;
}

export async function findThread(
  tx: Tx,
  input: {
    contactId: string;
    channelId: string;
    channelKind: string;
    message: InboundMessage;
    /** Created in this transaction: it has no conversation yet. */
    newContact?: boolean;
    /** Read beforehand for a batch's senders (`findOpenConversations`): a contact not in it has none. */
    open?: Map<string, OpenConversation>;
  },
): Promise<ThreadMatch | undefined> {
  const t = input.message.threading ?? {};
  // In-Reply-To first, then each References id, most recent first.
  const ids = [t.inReplyTo, ...[...(t.references ?? [])].reverse()].filter((v): v is string => !!v);
  if (ids.length) {
    const rows = await tx
      .select({ id: messages.conversationId, mid: messages.emailMessageId, status: conversations.status })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(inArray(messages.emailMessageId, ids));
    for (const [i, id] of ids.entries()) {
      const hit = rows.find((r) => r.mid === id);
      if (hit) return { conversationId: hit.id, status: hit.status, by: i === 0 && t.inReplyTo ? 'in-reply-to' : 'references' };
    }
  }
  if (t.conversationToken) {
    const [hit] = await tx.select({ id: conversations.id, status: conversations.status }).from(conversations).where(eq(conversations.token, t.conversationToken));
    if (hit) return { conversationId: hit.id, status: hit.status, by: 'token' };
  }
  if (t.quotedExternalId) {
    const [hit] = await tx
      .select({ id: messages.conversationId, status: conversations.status })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(messages.channelId, input.channelId), eq(messages.externalId, t.quotedExternalId)))
      .limit(1);
    if (hit) return { conversationId: hit.id, status: hit.status, by: 'quote' };
  }
  if (input.newContact) return undefined;
  if (input.channelKind === 'email') {
    const [ws] = await tx.select({ join: workspaces.emailJoinOpenConversation }).from(workspaces).limit(1);
    if (ws && !ws.join) return undefined;
  }
  const open = input.open ? input.open.get(input.contactId) : (await findOpenConversations(tx, [input.contactId])).get(input.contactId);
  return open ? { ...open, by: 'open-conversation' } : undefined;
}

/** Each contact's latest conversation that is not resolved, one index lookup per contact, in one statement. */
export async function findOpenConversations(tx: Tx, contactIds: string[]): Promise<Map<string, OpenConversation>> {
  if (!contactIds.length) return new Map();
  const rows = rowsOf<{ contactId: string; conversationId: string; status: string }>(
    await tx.execute(sql`select c.id as "contactId", o.id as "conversationId", o.status
      from unnest(${sqlArray(contactIds, 'uuid')}) as c(id)
      cross join lateral (
        select id, status from conversations where contact_id = c.id and status <> 'resolved' order by last_activity_at desc limit 1
      ) o`),
  );
  return new Map(rows.map(({ contactId, ...open }) => [contactId, open]));
}
