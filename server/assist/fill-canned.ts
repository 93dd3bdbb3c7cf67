// A canned response's variables ({{contact.firstName}}, {{workspace.name}} …) filled for one conversation's customer.
import type { Db } from '../db/client.ts';
import { conversations, workspaces } from '../db/schema/index.ts';
import { loadContactFacts } from '../segments/load-contact-facts.ts';
import type { Facts } from '../../workflows/facts.ts';
import { renderText } from '../../workflows/templates/render.ts';

/** Returns a filler for the conversation (texts pass through unchanged when the contact is gone). */
export async function cannedFiller(db: Db, conversation: typeof conversations.$inferSelect, now: Date): Promise<(text: string) => string> {
  const [contact] = await loadContactFacts(db, [conversation.contactId]);
  if (!contact) return (text) => text;
  const [workspace] = await db.select({ name: workspaces.name, timeZone: workspaces.timeZone }).from(workspaces).limit(1);
  const facts: Facts = { contact, conversation: { id: conversation.id, status: conversation.status, subject: conversation.subject ?? undefined }, workspace, now };
  return (text) => renderText(text, facts, contact.language ?? 'tr');
}
