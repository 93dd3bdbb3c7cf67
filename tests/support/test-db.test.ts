import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { rowsOf } from '../../server/db/client.ts';

describe('test database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('starts migrated, with the workspace row', async () => {
    const rows = rowsOf(await database.db.execute(sql`select count(*)::int as n from workspaces`));
    expect(rows[0]).toEqual({ n: 1 });
  });
});
