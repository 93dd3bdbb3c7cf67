// Macros: named sequences of inbox actions an agent runs on the open conversation.
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { users } from './users.ts';
import type { MacroAction } from '../../macros/macro-input.ts';

export const macros = pgTable('macros', {
  id: id(),
  name: text().notNull().unique(),
  actions: jsonb().$type<MacroAction[]>().notNull(),
  createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
});
