// Marketing suppression: addresses that must never receive marketing, kept even before any contact has them.
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

export const SUPPRESSION_KINDS = ['email', 'phone'] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];

export const suppressions = pgTable(
  'suppressions',
  {
    id: id(),
    /** `email` (lower-cased) or `phone` (E.164), normalized exactly as contact identities are, so a lookup is one equality. */
    kind: text().$type<SuppressionKind>().notNull(),
    value: text().notNull(),
    /** `import`, `api`, `one-click`, … for the audit trail. */
    source: text().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.kind, t.value), index('suppressions_created_idx').on(t.createdAt, t.id)],
);
