// Finds a contact's open conversation, or opens one on a channel, so automation can message someone who has not written.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { contacts, conversations } from '../db/schema/index.ts';
import { recordEvent } from './record-event.ts';

export interface ConversationForContactInput {
  contactId: string;
  channelId: string;
  subject?: string | null;
  causedByAutomation?: boolean;
}

/** The newest not-resolved conversation of the contact (one open thread per contact, across channels), else a new one. */
export async function conversationForContact(deps: { database: Database; now(): Date }, input: ConversationForContactInput): Promise<{ id: string; created: boolean }> {
  return deps.database.db.transaction(async (tx) => {
    // Lock the contact so two senders racing for the same person open one conversation, not two.
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, input.contactId)).for('update');
    const [open] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.contactId, input.contactId), ne(conversations.status, 'resolved')))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(1);
    if (open) return { id: open.id, created: false };
    const now = deps.now();
    const [row] = await tx
      .insert(conversations)
      .values({ contactId: input.contactId, channelId: input.channelId, subject: input.subject ?? null, token: randomBytes(9).toString('base64url'), lastActivityAt: now, createdAt: now, updatedAt: now })
      .returning({ id: conversations.id });
    await tx.update(contacts).set({ conversationCount: sql`${contacts.conversationCount} + 1` }).where(eq(contacts.id, input.contactId));
    await recordEvent(tx, { type: 'conversation.created', contactId: input.contactId, conversationId: row!.id, causedByAutomation: input.causedByAutomation ?? true, payload: { channelId: input.channelId } });
    return { id: row!.id, created: true };
  });
}
