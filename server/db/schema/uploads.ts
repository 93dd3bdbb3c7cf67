// Files an agent uploaded for a reply not sent yet. Sending moves each row into `attachments` under the same id,
// so an attachment always belongs to a message and an upload is, by existing here, not yet used.
import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    storageKey: text().notNull(),
    createdAt: createdAt(),
  },
  // The unsent-upload sweep deletes by age; `files:orphans` looks up by key.
  (t) => [index().on(t.createdAt), index().on(t.storageKey)],
);
