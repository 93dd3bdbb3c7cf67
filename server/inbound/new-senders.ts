// A group-commit batch's new senders: their contacts, identities and first conversations created for all of them at
// once, a handful of statements whatever their number, instead of four statements for each sender in turn.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import { insertRows } from '../db/insert-rows.ts';
import { conversations } from '../db/schema/index.ts';
import { createContacts, type NewContact } from './resolve-contact.ts';
import { isPlain, languageOf, newConversationRow, type IngestChannel, type PreparedInbound, type ReadAhead } from './ingest-message.ts';
import { storedCopy } from './message-keys.ts';

export interface FirstMessage {
  channel: IngestChannel;
  prepared: PreparedInbound;
  readAhead: ReadAhead;
}

/**
 * For each sender's first message in the batch that is plain (it reads no other message), not stored already, and
 * whose identities belong to no contact: the contact and the conversation the message starts, exactly as storing it
 * alone would create them, recorded in its read-ahead as `created`. Its closing writes then count both as new.
 */
export async function createNewSenders(tx: Tx, firsts: FirstMessage[], now: Date): Promise<void> {
  const fresh = firsts.filter(({ prepared, readAhead }) => readAhead.found.length === 0 && !storedCopy(readAhead.stored, prepared.message) && isPlain(prepared.message));
  if (!fresh.length) return;
  const made = await Promise.all(
    fresh.map(async ({ channel, prepared: { message, identities }, readAhead }) => {
      const contact: NewContact = { id: randomUUID(), identities, name: message.from.name, language: (await languageOf(message)) ?? null, seenAt: message.sentAt };
      const conversation = newConversationRow(randomUUID(), contact.id, channel.id, message, now);
      return { readAhead, contact, conversation };
    }),
  );
  await createContacts(
    tx,
    made.map((m) => m.contact),
  );
  await tx.execute(
    insertRows(
      conversations,
      made.map((m) => m.conversation),
    ),
  );
  for (const { readAhead, contact, conversation } of made) readAhead.created = { contactId: contact.id, conversationId: conversation.id };
}
