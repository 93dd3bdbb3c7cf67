// A typed Postgres array literal from JS values, for bulk statements (unnest, = any) that bind the same on PGlite and postgres.js.
import { sql } from 'drizzle-orm';

export function sqlArray(values: readonly unknown[], type: 'text' | 'uuid' | 'timestamptz' | 'boolean') {
  return sql`array[${sql.join(
    values.map((v) => sql`${v instanceof Date ? v.toISOString() : v}`),
    sql`, `,
  )}]::${sql.raw(type)}[]`;
}
