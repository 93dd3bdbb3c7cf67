// The customer: one contact, whichever channels they use, with identities, consents and facts.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, timestamps, tsvector, searchVectorOfSearchText } from './columns.ts';
import { users } from './users.ts';
import { IDENTITY_KINDS } from '../../../connectors/channel-kinds.ts';

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    name: text(),
    language: text(),
    timeZone: text(),
    currency: text(),
    birthdayMonth: smallint(),
    birthdayDay: smallint(),
    birthdayYear: smallint(),
    preferredChannel: text(),
    attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    labels: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    firstSeenAt: at().notNull().defaultNow(),
    lastInboundAt: at(),
    lastOutboundAt: at(),
    /** Activity known from elsewhere (an imported "last order" or "last seen" date); inactivity counts from the latest activity. */
    lastActivityAt: at(),
    lastChannelKind: text(),
    conversationCount: integer().notNull().default(0),
    orderValue: numeric({ precision: 14, scale: 2 }),
    /** Folded name and identities for search (Turkish-aware case folding done in code). */
    searchText: text().notNull().default(''),
    searchVector: tsvector().generatedAlwaysAs(searchVectorOfSearchText()),
    erasedAt: at(),
    ...timestamps,
  },
  (t) => [
    index().using('gin', t.searchVector),
    index().using('gin', t.labels),
    index().on(t.lastInboundAt),
    index('contacts_created_idx').on(t.createdAt, t.id),
    index('contacts_birthday_idx').on(t.birthdayMonth, t.birthdayDay),
    // Same-name lookups for merge suggestions when a new contact appears.
    index('contacts_name_lower_idx').on(sql`lower(${t.name})`),
  ],
);

export { IDENTITY_KINDS };

export const contactIdentities = pgTable(
  'contact_identities',
  {
    id: id(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    kind: text().$type<(typeof IDENTITY_KINDS)[number]>().notNull(),
    value: text().notNull(),
    attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Set by a bounce or a blocked-by-user error; replies on it are refused. */
    undeliverable: boolean().notNull().default(false),
    undeliverableReason: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.kind, t.value), index().on(t.contactId)],
);

export const consents = pgTable(
  'consents',
  {
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text().notNull(),
    status: text().$type<'opted_in' | 'opted_out'>().notNull(),
    source: text().notNull(),
    at: at().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.channel] })],
);

/** The orders and tracked events a merge carried over (absent in snapshots older than orders). */
export interface MovedOrders {
  orderIds: string[];
  eventIds: string[];
}

/**
 * What a merge saves to be undone: both contacts as they were, and what moved. Written with `Date`s; jsonb gives the
 * timestamps back as ISO strings, so the undo re-dates them (`new Date(...)` reads both).
 */
export type MergeSnapshot = {
  into: typeof contacts.$inferSelect;
  from: typeof contacts.$inferSelect;
  identityIds: string[];
  conversationIds: string[];
  consents: Array<typeof consents.$inferSelect>;
  /** The source's campaign recipient rows moved to the target (snapshots from before this was kept have none). */
  campaignRecipientIds?: string[];
} & Partial<MovedOrders>;

/** An audited merge, with what is needed to undo it. */
export const contactMerges = pgTable('contact_merges', {
  id: id(),
  intoId: uuid().notNull(),
  fromId: uuid().notNull(),
  actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
  /** `{ erased: true }` once either contact was erased (GDPR): nothing is kept to undo it with. */
  snapshot: jsonb().$type<MergeSnapshot | { erased: true }>().notNull(),
  revertedAt: at(),
  ...timestamps,
});
