// Messages from every channel in one timeline, and their attachments.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, tsvector, searchVectorOfSearchText } from './columns.ts';
import { conversations } from './conversations.ts';
import { contacts } from './contacts.ts';
import { channels } from './channels.ts';
import { users } from './users.ts';

/** `cancelled`: a queued marketing message whose campaign was cancelled before it went out (final, never sent). */
export const MESSAGE_STATUSES = ['received', 'queued', 'sent', 'delivered', 'read', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const messages = pgTable(
  'messages',
  {
    id: id(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channelId: uuid().references(() => channels.id, { onDelete: 'set null' }),
    direction: text().$type<'in' | 'out'>().notNull(),
    private: boolean().notNull().default(false),
    senderType: text().$type<'contact' | 'user' | 'automation'>().notNull(),
    senderUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    text: text().notNull().default(''),
    /** Sanitized HTML, safe to show in a sandboxed frame. */
    html: text(),
    subject: text(),
    status: text().$type<MessageStatus>().notNull(),
    errorCode: text(),
    errorMessage: text(),
    /** The channel's idempotency key: unique per channel and direction, so redelivery is a no-op. */
    idempotencyKey: text(),
    externalId: text(),
    /** RFC 822 ids for email threading. */
    emailMessageId: text(),
    inReplyTo: text(),
    references: text().array(),
    autoReply: boolean().notNull().default(false),
    causedByAutomation: boolean().notNull().default(false),
    /** While a worker is sending this reply: another job for it (a retry, a redelivery) leaves it alone until then. */
    sendingUntil: at(),
    /** Automated sends: `marketing` counts toward the frequency cap (workflows and campaigns alike), `service` does not. */
    purpose: text().$type<'marketing' | 'service'>(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The raw source (MIME for email), kept for export. */
    raw: text(),
    searchText: text().notNull().default(''),
    searchVector: tsvector().generatedAlwaysAs(searchVectorOfSearchText()),
    sentAt: at().notNull().defaultNow(),
    statusAt: at(),
    createdAt: createdAt(),
    /** Monotonic insertion order for stable paging within a conversation. */
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [
    uniqueIndex('messages_idempotency_idx').on(t.channelId, t.direction, t.idempotencyKey),
    index('messages_conversation_seq_idx').on(t.conversationId, t.seq),
    // Partial, so that no plan can serve the idempotency lookup (channel, direction, key) from it: a generic plan made
    // while the table was empty tied the two indexes and then scanned every message of the channel per inbound message.
    index()
      .on(t.channelId, t.externalId)
      .where(sql`external_id is not null`),
    index().on(t.emailMessageId),
    index().using('gin', t.searchVector),
    // Newest-first search results: the planner walks this backwards and stops at the limit for common words.
    index('messages_created_at_idx').on(t.createdAt),
    // Replies still waiting to go out: small, and what the stuck-send sweep reads.
    index('messages_queued_idx')
      .on(t.sentAt)
      .where(sql`status = 'queued'`),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    storageKey: text(),
    contentId: text(),
    inline: boolean().notNull().default(false),
    /** Why the file was not kept (over the size limit, download failed); null when stored. */
    refusedReason: text(),
    /** Its place among the message's files, from 0: the order the sender gave them, whatever a later update does to the row. */
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  // By key: `files:orphans` asks whether any row names a file it listed.
  (t) => [
    index().on(t.messageId),
    index()
      .on(t.storageKey)
      .where(sql`storage_key is not null`),
  ],
);
