// Complaint model: the workspace's own labelled decisions, and the model trained on them plus the repo's corpus.
import { boolean, integer, jsonb, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import type { LogisticModel } from '../../../workflows/index.ts';
import { at, id, timestamps } from './columns.ts';
import { conversations } from './conversations.ts';
import { messages } from './messages.ts';

export const COMPLAINT_EXAMPLE_SOURCES = ['label', 'survey'] as const;
export type ComplaintExampleSource = (typeof COMPLAINT_EXAMPLE_SOURCES)[number];

/** One example per message: the latest decision about it wins (an agent removing the label undoes adding it). */
export const complaintExamples = pgTable('complaint_examples', {
  id: id(),
  messageId: uuid()
    .notNull()
    .unique()
    .references(() => messages.id, { onDelete: 'cascade' }),
  conversationId: uuid().references(() => conversations.id, { onDelete: 'set null' }),
  text: text().notNull(),
  complaint: boolean().notNull(),
  source: text().$type<ComplaintExampleSource>().notNull(),
  ...timestamps,
});

/** One row (id 1): the current model and its figures on the corpus's held-out split. */
export const complaintModels = pgTable('complaint_models', {
  id: integer().primaryKey().default(1),
  trainedAt: at().notNull(),
  examples: integer().notNull(),
  precision: real().notNull(),
  recall: real().notNull(),
  heldOut: integer().notNull(),
  model: jsonb().$type<LogisticModel>().notNull(),
});
