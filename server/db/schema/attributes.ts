// Declared custom attribute types, and server-side contact imports with their progress and report.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { importProgressColumns, timestamps } from './columns.ts';
import type { AttributeType } from '../../../workflows/attributes/attribute-types.ts';

export const attributeDefinitions = pgTable('attribute_definitions', {
  key: text().primaryKey(),
  type: text().$type<AttributeType>().notNull(),
  label: text().notNull(),
  ...timestamps,
});

export const contactImports = pgTable('contact_imports', { ...importProgressColumns(), merged: integer().notNull().default(0) });
