// Assistance: what agents pick from reply suggestions, the workspace's model settings, and the log of model calls.
import { boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, timestamps } from './columns.ts';
import { users } from './users.ts';
import { conversations } from './conversations.ts';

export const SUGGESTION_SOURCES = ['canned', 'history'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

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
