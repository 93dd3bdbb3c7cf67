// Opens and clicks of tracked marketing email: one row per pixel fetch or followed link.
import { boolean, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, id } from './columns.ts';
import { messages } from './messages.ts';

export const ENGAGEMENT_KINDS = ['open', 'click'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const messageEngagements = pgTable(
  'message_engagements',
  {
    id: id(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    kind: text().$type<EngagementKind>().notNull(),
    /** The followed link's target (a click), as recorded for the message; null for an open. */
    url: text(),
    /** Which of the message's links (a click). */
    linkIndex: integer(),
    at: at().notNull(),
    userAgent: text(),
    /** A mail client's proxy or scanner fetched it, not a person (server/tracking/machine-engagement.ts). */
    machine: boolean().notNull(),
  },
  (t) => [index().on(t.messageId, t.kind)],
);
