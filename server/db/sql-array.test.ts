import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from './client.ts';
import { sqlArray } from './sql-array.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';

describe('sqlArray', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const unnest = async (values: unknown[], type: Parameters<typeof sqlArray>[1]) =>
    rowsOf<{ v: string | null; n: number }>(await database.db.execute(sql`select v::text as v, n::int as n from unnest(${sqlArray(values, type)}) with ordinality as u(v, n) order by n`)).map(
      (r) => r.v,
    );

  it('reads back every text as written, whatever quotes, braces, commas, backslashes or spaces it holds', async () => {
    const texts = ['plain', '', ' padded ', 'a,b', '{x}', '"quoted"', 'back\\slash', 'NULL', 'null', 'Müşteri İĞÜŞÖÇ ı', 'line\nbreak\ttab', '\\"', 'emoji 🙂', 'x'.repeat(5000)];
    expect(await unnest(texts, 'text')).toEqual(texts);
  });

  it('keeps a missing value as NULL, distinct from the text "NULL"', async () => {
    expect(await unnest([null, 'NULL', undefined, ''], 'text')).toEqual([null, 'NULL', null, '']);
  });

  it('casts to uuids, instants and booleans, and an empty list is an empty array', async () => {
    expect(await unnest(['6fbbb271-0ca3-4a97-b1ae-6e61cab22547'], 'uuid')).toEqual(['6fbbb271-0ca3-4a97-b1ae-6e61cab22547']);
    const at = rowsOf<{ ms: string }>(
      await database.db.execute(sql`select (extract(epoch from t) * 1000)::bigint::text as ms from unnest(${sqlArray([new Date(Date.UTC(2026, 0, 5, 10, 0, 0, 123))], 'timestamptz')}) t`),
    );
    expect(at.map((r) => Number(r.ms))).toEqual([Date.UTC(2026, 0, 5, 10, 0, 0, 123)]);
    expect(await unnest([true, false], 'boolean')).toEqual(['true', 'false']);
    expect(await unnest([], 'text')).toEqual([]);
  });

  it('reads the list once per statement, not once per row a filter tests', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const plan = rowsOf<Record<string, string>>(
      await database.db.execute(
        sql`explain (analyze, costs off, timing off, summary off) select count(*) from generate_series(1, 3000) g where ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid = any(${sqlArray(ids, 'uuid')})`,
      ),
    );
    expect(plan.map((r) => Object.values(r)[0]).join('\n')).toMatch(/InitPlan/);
  });

  it('binds thousands of values as one parameter', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `value-${i}`);
    const [row] = rowsOf<{ n: number; last: string }>(
      await database.db.execute(sql`select count(*)::int as n, max(v) filter (where v = 'value-4999') as last from unnest(${sqlArray(many, 'text')}) v`),
    );
    expect(row).toEqual({ n: 5000, last: 'value-4999' });
    expect(new PgDialect().sqlToQuery(sqlArray(many, 'text')).params).toHaveLength(1);
  });
});
