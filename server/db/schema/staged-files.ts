// Files written to storage before the row that names them is committed: an inbound message's attachments, an agent's
// upload, a waiting file's later download. The transaction that stores the row deletes its entry here; an entry left
// over is a file no row came to name (the transaction rolled back, the process died), deleted after a grace period.
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

export const stagedFiles = pgTable(
  'staged_files',
  {
    storageKey: text().primaryKey(),
    stagedAt: createdAt(),
  },
  (t) => [index().on(t.stagedAt)],
);
