// Column helpers shared by every table.
import { sql } from 'drizzle-orm';
import { customType, integer, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };

/** A server-side CSV import's progress and report of rejected rows (contacts and orders share the shape). */
export const importProgressColumns = () => ({
  id: id(),
  status: text().$type<'running' | 'completed' | 'failed'>().notNull().default('running'),
  total: integer().notNull().default(0),
  processed: integer().notNull().default(0),
  created: integer().notNull().default(0),
  rejected: jsonb().$type<Array<{ row: number; reason: string }>>().notNull().default([]),
  error: text(),
  ...timestamps,
});

/** Postgres full-text vector; filled by a generated column from folded text. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The search vector of a table's folded `search_text`. Postgres reads `2026-88431` as the words `2026` and `-88431`
 * (a signed number), so an order number typed alone would never match: every run of digits is indexed again as a
 * word of its own. Generated in SQL so existing rows get the extra words when the column is rebuilt.
 */
export const searchVectorOfSearchText = () => sql`to_tsvector('simple', search_text || ' ' || regexp_replace(search_text, '[^0-9]+', ' ', 'g'))`;
