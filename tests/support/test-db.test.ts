import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { rowsOf } from '../../server/db/client.ts';
import journal from '../../migrations/meta/_journal.json';

describe('test database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('starts migrated', async () => {
    const rows = rowsOf(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations where created_at > 0`));
    expect(Number(rows[0]!.n)).toBe(journal.entries.length);
  });
});
