// Inbound files whose download failed for a reason that may pass (Twilio answering 503): the message is stored at once
// and its attachment row waits, with no file and no refusal, while this row says where to fetch it and when to try
// again. Each row leaves with its file stored or finally refused (server/inbound/fetch-waiting-attachments.ts).
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns.ts';
import { attachments } from './messages.ts';

export const attachmentFetches = pgTable(
  'attachment_fetches',
  {
    attachmentId: uuid()
      .primaryKey()
      .references(() => attachments.id, { onDelete: 'cascade' }),
    /** No foreign key: a deleted channel's waiting files are refused by the next pass, not left waiting for ever. */
    channelId: uuid().notNull(),
    /** Where the channel fetches the file from (Twilio's media URL). */
    source: text().notNull(),
    requestedAt: createdAt(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at().notNull().defaultNow(),
    /** After this the file is refused with the last error. */
    giveUpAt: at().notNull(),
    lastError: text(),
  },
  (t) => [index().on(t.nextAttemptAt)],
);
