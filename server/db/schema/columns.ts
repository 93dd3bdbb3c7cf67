// Column helpers shared by every table.
import { sql } from 'drizzle-orm';
import { customType, integer, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };

/**
 * One rejected row: `reason` in English words for logs and scripts, and where known a `code` with the offending
 * `value` (and the attribute's `field` and `type`) so a screen can say it in the reader's language.
 */
export interface ImportRejection {
  row: number;
  reason: string;
  code?: ImportRejectCode;
  value?: string;
  field?: string;
  type?: string;
}
export type ImportRejectCode = 'invalid_email' | 'invalid_phone' | 'missing_identity' | 'unknown_time_zone' | 'unknown_currency' | 'invalid_birthday' | 'invalid_last_activity' | 'invalid_attribute';

/** A server-side CSV import's progress and report of rejected rows (contacts and orders share the shape). */
export const importProgressColumns = () => ({
  id: id(),
  status: text().$type<'running' | 'completed' | 'failed'>().notNull().default('running'),
  total: integer().notNull().default(0),
  processed: integer().notNull().default(0),
  created: integer().notNull().default(0),
  rejected: jsonb().$type<ImportRejection[]>().notNull().default([]),
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
