// Many rows in one INSERT with one parameter: the rows as a JSON array of arrays, read back into typed columns by
// jsonb_array_elements. Drizzle's `insert(…).values(rows)` binds a parameter per value and builds the statement value by
// value: on the ingest hot path (a batch of 128 messages, 25 columns each) building those statements took about a
// third of the process's time, more than Postgres spent storing the rows.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * `insert into <table> (<columns>) select … from jsonb_array_elements($1)`, for the caller to finish (`on conflict`,
 * `returning`). Every row must name the same columns: a column left out of the statement takes its default, but a
 * key missing from one row only would be NULL there, not its default, so that is refused.
 */
export function insertRows<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): SQL {
  if (!rows.length) throw new Error('insertRows needs at least one row');
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]!).filter((k) => (rows[0] as Record<string, unknown>)[k] !== undefined);
  for (const row of rows) {
    const named = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
    if (named.length !== keys.length || named.some((k) => !keys.includes(k))) throw new Error(`insertRows into ${getTableName(table)}: every row must name the same columns`);
  }
  const used = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`insertRows into ${getTableName(table)}: no column ${key}`);
    return { key, column };
  });
  const json = JSON.stringify(rows.map((row) => used.map(({ key }) => (row as Record<string, unknown>)[key] ?? null)));
  const names = sql.join(
    // As the database client names them (`casing: 'snake_case'`, client.ts) unless the schema names the column itself.
    used.map(({ column }) => sql.identifier(column.keyAsName ? toSnakeCase(column.name) : column.name)),
    sql`, `,
  );
  // Rows travel as arrays (shorter than objects); each element is read back with its column's type.
  const values = sql.join(
    used.map(({ column }, i) => sql.raw(valueAt(i, column.getSQLType()))),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${values} from jsonb_array_elements(${json}::jsonb) as r(v)`;
}

/** The i-th element of the row array `r.v` as the column's type: JSON null is SQL NULL, arrays and objects keep their shape. */
function valueAt(i: number, type: string): string {
  const element = `nullif(r.v -> ${i}, 'null'::jsonb)`;
  if (type === 'jsonb') return element;
  if (type === 'json') return `(${element})::json`;
  if (type.endsWith('[]')) return `case when ${element} is null then null else array(select jsonb_array_elements_text(r.v -> ${i}))::${type} end`;
  return `(r.v ->> ${i})::${type}`;
}
