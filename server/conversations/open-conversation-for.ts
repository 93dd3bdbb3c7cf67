// The conversation an automated message to a contact goes into: the given one, else the open one, else a new one.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { conversations } from '../db/schema/index.ts';
import { conversationForContact } from './conversation-for-contact.ts';

export interface OpenConversationInput {
  contactId: string;
  channelId: string;
  /** A conversation the caller already belongs to (the one a survey follows up); used whatever its status. */
  preferredId?: string;
  subject?: string;
  causedByAutomation: boolean;
}

export async function openConversationFor(deps: { database: Database; now(): Date }, input: OpenConversationInput): Promise<string> {
  if (input.preferredId) {
    const [given] = await deps.database.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.id, input.preferredId), eq(conversations.contactId, input.contactId)));
    if (given) return given.id;
  }
  const { id } = await conversationForContact(deps, { contactId: input.contactId, channelId: input.channelId, subject: input.subject, causedByAutomation: input.causedByAutomation });
  return id;
}
