// Declared custom attribute types, and server-side contact imports with their progress and report.
import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import type { AttributeType } from '../../../workflows/attributes/attribute-types.ts';

export const attributeDefinitions = pgTable('attribute_definitions', {
  key: text().primaryKey(),
  type: text().$type<AttributeType>().notNull(),
  label: text().notNull(),
  ...timestamps,
});

export const contactImports = pgTable('contact_imports', {
  id: id(),
  status: text().$type<'running' | 'completed' | 'failed'>().notNull().default('running'),
  total: integer().notNull().default(0),
  processed: integer().notNull().default(0),
  created: integer().notNull().default(0),
  merged: integer().notNull().default(0),
  rejected: jsonb().$type<Array<{ row: number; reason: string }>>().notNull().default([]),
  error: text(),
  ...timestamps,
});
