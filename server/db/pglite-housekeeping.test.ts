// PGlite gets the statistics autovacuum would give Postgres: after housekeeping the planner knows a table's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from './client.ts';
import { vacuumAnalyze } from './pglite-housekeeping.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';

describe('PGlite housekeeping', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const statisticsOf = async (table: string) => Number(rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from pg_statistic where starelid = ${table}::regclass`))[0]!.n);

  it('vacuums and analyzes every table, so queries are planned on real statistics', async () => {
    await database.db.execute(sql`insert into contacts (name, search_text) select 'Kişi ' || g, 'kisi ' || g from generate_series(1, 500) g`);
    await vacuumAnalyze(database);
    expect(await statisticsOf('contacts')).toBeGreaterThan(0);
    const [{ tuples }] = rowsOf<{ tuples: number }>(await database.db.execute(sql`select reltuples::int as tuples from pg_class where oid = 'contacts'::regclass`));
    expect(tuples).toBe(500);
  });
});
