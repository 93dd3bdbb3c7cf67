import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, withPreparedStatements } from './client.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';

describe.runIf(!!process.env.DATABASE_URL)('prepared statements on the ingest path (Postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  /** The statements this transaction's connection holds prepared, after running `query` in it. */
  const preparedAfter = (marker: string) =>
    database.db.transaction(async (tx) => {
      await tx.execute(sql`select ${marker}::text as ${sql.raw(marker)}`);
      return rowsOf<{ statement: string }>(await tx.execute(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
    });

  it('prepares and keeps the statements of a transaction run inside withPreparedStatements', async () => {
    const statements = await withPreparedStatements(() => preparedAfter('inside'));
    expect(statements).toContain('select $1::text as inside');
  });

  it('leaves every other statement unprepared', async () => {
    const statements = await preparedAfter('outside');
    expect(statements).not.toContain('select $1::text as outside');
  });
});
