// Assistance: the answered messages reply suggestions search, what agents pick from them, the workspace's model settings, and the log of model calls.
import { boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, timestamps, tsvector } from './columns.ts';
import { messages } from './messages.ts';
import { users, type Role } from './users.ts';
import { conversations } from './conversations.ts';

/** The roles that can reach a conversation's assist actions, and so may be allowed the model. */
export const ASSIST_ROLES = ['admin', 'agent'] as const satisfies readonly Role[];
export type AssistRole = (typeof ASSIST_ROLES)[number];

export const SUGGESTION_SOURCES = ['canned', 'history'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

/**
 * A customer's public message and the agent reply that answered it (the first reply after it in its conversation): what
 * reply suggestions search. Kept by triggers on `messages` (migration 0018), so every writer of messages keeps it: a
 * new agent reply pairs the customer messages since the previous one, an edit or erasure re-stems the message. Only
 * answered messages are here, so the search reads neither unanswered messages nor, per hit, the messages after it.
 */
export const replyEvidence = pgTable(
  'reply_evidence',
  {
    messageId: uuid()
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** Not a foreign key: the message's cascade already removes the row with its conversation. */
    conversationId: uuid().notNull(),
    replyId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** The message's stems as server/assist/search-terms.ts cuts them (`message_stems`, migration 0016). */
    stems: tsvector().notNull(),
  },
  (t) => [index().using('gin', t.stems), index().on(t.replyId)],
);

/** How often agents chose a suggestion: a ranking boost. `itemId` is a canned response id or a past reply's message id. */
export const suggestionPicks = pgTable(
  'suggestion_picks',
  {
    source: text().$type<SuggestionSource>().notNull(),
    itemId: uuid().notNull(),
    count: integer().notNull().default(0),
    lastPickedAt: at(),
  },
  (t) => [primaryKey({ columns: [t.source, t.itemId] })],
);

/** One row (id 1): the OpenAI-compatible endpoint the business runs. Off until an admin turns it on. */
export const aiSettings = pgTable('ai_settings', {
  id: integer().primaryKey().default(1),
  enabled: boolean().notNull().default(false),
  baseUrl: text().notNull().default(''),
  model: text().notNull().default(''),
  /** The API key sealed with secret-box under ULAK_SECRET_KEY; never returned. */
  apiKeySealed: text(),
  maskPii: boolean().notNull().default(true),
  /** The roles whose users may use the model (a user with any of them may); admins change it. */
  roles: text().array().$type<AssistRole[]>().notNull().default(['admin', 'agent']),
  ...timestamps,
});

/** Every call to the model: who, which conversation, what for, and the token counts the endpoint reported. */
export const assistCalls = pgTable(
  'assist_calls',
  {
    id: id(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    conversationId: uuid().references(() => conversations.id, { onDelete: 'set null' }),
    task: text().notNull(),
    /** `ok` or the error code the caller saw. */
    outcome: text().notNull(),
    promptTokens: integer(),
    completionTokens: integer(),
    at: createdAt(),
  },
  (t) => [index().on(t.at)],
);
