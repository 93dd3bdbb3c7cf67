// Chooses the conversation an inbound message belongs to: thread headers first, then the contact's open conversation.
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { InboundMessage } from '../../connectors/channel.ts';
import type { Tx } from '../db/client.ts';
import { conversations, messages, workspaces } from '../db/schema/index.ts';

export interface ThreadMatch {
  conversationId: string;
  status: string;
  by: 'in-reply-to' | 'references' | 'token' | 'quote' | 'open-conversation';
}

export async function findThread(
  tx: Tx,
  input: { contactId: string; channelId: string; channelKind: string; message: InboundMessage; /** Created in this transaction: it has no conversation yet. */ newContact?: boolean },
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
  const [open] = await tx
    .select({ id: conversations.id, status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.contactId, input.contactId), ne(conversations.status, 'resolved')))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(1);
  return open ? { conversationId: open.id, status: open.status, by: 'open-conversation' } : undefined;
}
