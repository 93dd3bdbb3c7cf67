// Files whose rows are gone (an erased contact's, an upload never sent) and whose bytes must still leave storage.
// The row is written in the same transaction that forgets the file, so a store that fails at that moment is retried
// later rather than keeping the file forever.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns.ts';

export const fileDeletions = pgTable(
  'file_deletions',
  {
    storageKey: text().primaryKey(),
    requestedAt: createdAt(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at().notNull().defaultNow(),
    lastError: text(),
  },
  (t) => [index().on(t.nextAttemptAt)],
);
