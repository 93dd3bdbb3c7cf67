// The API shape of a message, with its sender and attachments.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { attachments, channels, contacts, messages, users } from '../db/schema/index.ts';

type MessageRow = typeof messages.$inferSelect;

/** An email whose From gave no usable address came from a placeholder contact; the message says who it named. */
const fromAsWritten = (r: MessageRow) => (typeof r.metadata.fromAsWritten === 'string' ? r.metadata.fromAsWritten : undefined);

export async function serializeMessages(db: Db, rows: MessageRow[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const files = await db.select().from(attachments).where(inArray(attachments.messageId, ids)).orderBy(attachments.position);
  const userIds = [...new Set(rows.map((r) => r.senderUserId).filter((v): v is string => !!v))];
  const senders = userIds.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)) : [];
  const contactIds = [...new Set(rows.map((r) => r.contactId))];
  const people = await db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(inArray(contacts.id, contactIds));
  const channelIds = [...new Set(rows.map((r) => r.channelId).filter((v): v is string => !!v))];
  const chans = channelIds.length ? await db.select({ id: channels.id, kind: channels.kind }).from(channels).where(inArray(channels.id, channelIds)) : [];
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    direction: r.direction,
    private: r.private,
    text: r.text,
    html: r.html,
    subject: r.subject,
    status: r.status,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage } : null,
    channel: r.channelId ? (chans.find((c) => c.id === r.channelId) ?? { id: r.channelId, kind: null }) : null,
    sender:
      r.senderType === 'contact'
        ? { type: 'contact' as const, id: r.contactId, name: fromAsWritten(r) ?? people.find((p) => p.id === r.contactId)?.name ?? null }
        : r.senderType === 'user'
          ? { type: 'user' as const, id: r.senderUserId, name: senders.find((s) => s.id === r.senderUserId)?.name ?? null }
          : { type: 'automation' as const, id: null, name: 'Automation' },
    attachments: files
      .filter((f) => f.messageId === r.id)
      // Neither stored nor refused: a download that failed for a reason that may pass, tried again (pending).
      .map((f) => ({
        id: f.id,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        url: f.storageKey ? `/api/attachments/${f.id}` : null,
        refused: f.refusedReason,
        pending: !f.storageKey && !f.refusedReason,
      })),
    autoReply: r.autoReply,
    metadata: { reactions: r.metadata.reactions ?? [], edits: r.metadata.edits ?? [], preview: r.metadata.preview ?? null, complaint: r.metadata.complaint ?? null },
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  }));
}

export async function serializeMessage(db: Db, row: MessageRow) {
  return (await serializeMessages(db, [row]))[0]!;
}
