// Finds a contact's open conversation, or opens one on a channel, so automation can message someone who has not written.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import { contacts, conversations } from '../db/schema/index.ts';
import { recordEvent, recordEvents, transact } from '../events/record-event.ts';

export interface ConversationForContactInput {
  contactId: string;
  channelId: string;
  subject?: string | null;
  causedByAutomation?: boolean;
}

/** The newest not-resolved conversation of the contact (one open thread per contact, across channels), else a new one. */
export async function conversationForContact(deps: { database: Database; now(): Date }, input: ConversationForContactInput): Promise<{ id: string; created: boolean }> {
  return transact(deps.database, async (tx) => {
    // Lock the contact so two senders racing for the same person open one conversation, not two.
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, input.contactId)).for('update');
    const [open] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.contactId, input.contactId), ne(conversations.status, 'resolved')))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(1);
    if (open) return { id: open.id, created: false };
    const [created] = await openConversations(tx, [input], deps.now());
    await recordEvent(tx, created!.event);
    return { id: created!.id, created: true };
  });
}

/** The same for many contacts in the caller's transaction (a campaign batch): contactId → conversation id. */
export async function conversationsForContacts(tx: DbOrTx, inputs: ConversationForContactInput[], now: Date): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!inputs.length) return out;
  const ids = inputs.map((i) => i.contactId);
  await tx.select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, ids)).orderBy(contacts.id).for('update');
  const open = await tx
    .selectDistinctOn([conversations.contactId], { id: conversations.id, contactId: conversations.contactId })
    .from(conversations)
    .where(and(inArray(conversations.contactId, ids), ne(conversations.status, 'resolved')))
    .orderBy(conversations.contactId, desc(conversations.lastActivityAt));
  for (const row of open) out.set(row.contactId, row.id);
  const created = await openConversations(
    tx,
    inputs.filter((i) => !out.has(i.contactId)),
    now,
  );
  for (const c of created) out.set(c.contactId, c.id);
  await recordEvents(
    tx,
    created.map((c) => c.event),
  );
  return out;
}

async function openConversations(tx: DbOrTx, inputs: ConversationForContactInput[], now: Date) {
  if (!inputs.length) return [];
  const rows = await tx
    .insert(conversations)
    .values(
      inputs.map((i) => ({
        contactId: i.contactId,
        channelId: i.channelId,
        subject: i.subject ?? null,
        token: randomBytes(9).toString('base64url'),
        lastActivityAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: conversations.id, contactId: conversations.contactId, channelId: conversations.channelId });
  await tx
    .update(contacts)
    .set({ conversationCount: sql`${contacts.conversationCount} + 1` })
    .where(
      inArray(
        contacts.id,
        rows.map((r) => r.contactId),
      ),
    );
  const automated = new Map(inputs.map((i) => [i.contactId, i.causedByAutomation ?? true]));
  return rows.map((r) => ({
    id: r.id,
    contactId: r.contactId,
    event: { type: 'conversation.created' as const, contactId: r.contactId, conversationId: r.id, causedByAutomation: automated.get(r.contactId), payload: { channelId: r.channelId } },
  }));
}
