// GDPR erasure: removes a contact's personal data and message bodies; an anonymous audit row remains.
import { eq, inArray } from 'drizzle-orm';
import { attachments, consents, contactIdentities, contacts, conversations, messages } from '../db/schema/index.ts';
import { redactDeliveriesAbout } from '../webhooks/redact-deliveries.ts';
import { eraseTraces } from './erase-traces.ts';
import { absorbedContactIds } from './absorbed-contacts.ts';
import { deleteQueuedFiles, queueFileDeletions, type FileDeletionDeps } from '../files/delete-files.ts';
import { notFound } from '../errors.ts';
import { audit } from '../events/audit.ts';
import { recordEvent, transact } from '../events/record-event.ts';

export async function eraseContact(deps: FileDeletionDeps, id: string, actorId: string) {
  const keys = await transact(deps.database, async (tx) => {
    const [contact] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, id)).for('update');
    if (!contact) throw notFound('contact');
    const msgIds = (await tx.select({ id: messages.id }).from(messages).where(eq(messages.contactId, id))).map((m) => m.id);
    const files = msgIds.length ? await tx.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.messageId, msgIds)) : [];
    if (msgIds.length) await tx.delete(attachments).where(inArray(attachments.messageId, msgIds));
    await tx
      .update(messages)
      .set({ text: '', html: null, raw: null, subject: null, searchText: '', metadata: { erased: true } })
      .where(eq(messages.contactId, id));
    const conversationIds = (await tx.update(conversations).set({ lastMessagePreview: null, subject: null }).where(eq(conversations.contactId, id)).returning({ id: conversations.id })).map(
      (c) => c.id,
    );
    await tx.delete(contactIdentities).where(eq(contactIdentities.contactId, id));
    await tx.delete(consents).where(eq(consents.contactId, id));
    await tx
      .update(contacts)
      .set({
        name: null,
        language: null,
        timeZone: null,
        currency: null,
        birthdayYear: null,
        birthdayMonth: null,
        birthdayDay: null,
        preferredChannel: null,
        attributes: {},
        labels: [],
        searchText: '',
        orderValue: null,
        erasedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, id));
    // Contacts merged into this one are gone as rows, but events and deliveries from before the merge still name them.
    const erasedIds = [id, ...(await absorbedContactIds(tx, id))];
    await eraseTraces(tx, erasedIds);
    // Webhook deliveries about them are rebuilt from what is left, so no retry or replay sends what was erased.
    await redactDeliveriesAbout(tx, erasedIds, conversationIds);
    // The audit row keeps who erased which record and when, and nothing personal.
    await audit(tx, actorId, 'contact.erased', 'contact', id, { messages: msgIds.length, attachments: files.length });
    await recordEvent(tx, { type: 'contact.updated', contactId: id, payload: { erased: true } });
    const keys = files.map((f) => f.key).filter((k): k is string => !!k);
    // The files leave storage after the commit; queued here, a store failing now cannot keep them.
    await queueFileDeletions(tx, keys, deps.now());
    return keys;
  });
  await deleteQueuedFiles(deps, keys);
}
