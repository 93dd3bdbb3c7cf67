// Conversations: one open thread per contact by default, across channels.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { at, id, timestamps } from './columns.ts';
import { contacts } from './contacts.ts';
import { channels } from './channels.ts';
import { teams, users } from './users.ts';

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    status: text().$type<ConversationStatus>().notNull().default('open'),
    snoozedUntil: at(),
    priority: text().$type<Priority>().notNull().default('none'),
    assigneeId: uuid().references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid().references(() => teams.id, { onDelete: 'set null' }),
    labels: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The channel of the latest inbound message: where a reply goes by default. */
    channelId: uuid().references(() => channels.id, { onDelete: 'set null' }),
    subject: text(),
    /** Random token for plus-addressed replies (support+<token>@domain). */
    token: text().notNull().unique(),
    // Millisecond precision so a JavaScript Date cursor compares exactly.
    lastActivityAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    lastMessagePreview: text(),
    lastMessageDirection: text(),
    lastInboundAt: at(),
    firstResponseAt: at(),
    resolvedAt: at(),
    /** The agent who resolved it; null while open, or when automation or a quiet ingest resolved it. */
    resolvedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    unreadCount: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // Ascending on purpose: scanned backwards they give exactly ORDER BY … DESC (NULLS FIRST), which
    // a `DESC NULLS LAST` index would not, and the inbox list would sort the whole table instead.
    index('conversations_activity_idx').on(t.lastActivityAt, t.id),
    index('conversations_status_activity_idx').on(t.status, t.lastActivityAt, t.id),
    index().on(t.assigneeId, t.status),
    // A contact's conversations newest first, and the one an inbound message joins (its latest unresolved): with the
    // activity as the second column, that lookup is one short walk even under a plan made while the table was empty,
    // where (contact, status) lost to walking the whole activity index backwards (a bulk ingest's first minute).
    index('conversations_contact_activity_idx').on(t.contactId, t.lastActivityAt),
    index().using('gin', t.labels),
  ],
);

export const labels = pgTable('labels', {
  id: id(),
  name: text().notNull().unique(),
  color: text().notNull().default('#6b7280'),
  description: text(),
  ...timestamps,
});

export const cannedResponses = pgTable('canned_responses', {
  id: id(),
  shortCode: text().notNull().unique(),
  content: text().notNull(),
  ...timestamps,
});
