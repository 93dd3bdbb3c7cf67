// Column helpers shared by every table.
import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };

/** Postgres full-text vector; filled by a generated column from folded text. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
