// Column helpers shared by every table.
import { sql } from 'drizzle-orm';
import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };

/** Postgres full-text vector; filled by a generated column from folded text. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The search vector of a table's folded `search_text`. Postgres reads `2026-88431` as the words `2026` and `-88431`
 * (a signed number), so an order number typed alone would never match: every run of digits is indexed again as a
 * word of its own. Generated in SQL so existing rows get the extra words when the column is rebuilt.
 */
export const searchVectorOfSearchText = () => sql`to_tsvector('simple', search_text || ' ' || regexp_replace(search_text, '[^0-9]+', ' ', 'g'))`;
