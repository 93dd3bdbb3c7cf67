// The conversation an automated message to a contact goes into: the given one, the open one, or a new one.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { contacts, conversations } from '../db/schema/index.ts';
import { recordEvent } from './record-event.ts';

export interface OpenConversationInput {
  contactId: string;
  channelId: string;
  /** A conversation the caller already belongs to (the one a survey follows up); used whatever its status. */
  preferredId?: string;
  subject?: string;
  causedByAutomation: boolean;
}

export async function openConversationFor(deps: { database: Database; now(): Date }, input: OpenConversationInput): Promise<string> {
  const db = deps.database.db;
  if (input.preferredId) {
    const [given] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.id, input.preferredId), eq(conversations.contactId, input.contactId)));
    if (given) return given.id;
  }
  const [open] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, input.contactId), ne(conversations.status, 'resolved')))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(1);
  if (open) return open.id;
  const now = deps.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({ contactId: input.contactId, channelId: input.channelId, subject: input.subject ?? null, token: randomBytes(9).toString('base64url'), lastActivityAt: now, status: 'open' })
      .returning({ id: conversations.id });
    await tx.update(contacts).set({ conversationCount: sql`${contacts.conversationCount} + 1`, updatedAt: now }).where(eq(contacts.id, input.contactId));
    await recordEvent(tx, { type: 'conversation.created', contactId: input.contactId, conversationId: row!.id, causedByAutomation: input.causedByAutomation });
    return row!.id;
  });
}
