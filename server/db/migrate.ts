// Applies drizzle-kit migrations from ./migrations; an already-migrated database is left unchanged.
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client.ts';
import { rowsOf } from './client.ts';
import { sql } from 'drizzle-orm';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export async function migrate(database: Database): Promise<{ applied: number }> {
  const before = await countApplied(database);
  if (database.kind === 'pglite') await migratePglite(database.db as any, { migrationsFolder });
  else {
    // Serialize concurrent starts (serve + work processes) on one database; the lock is per session.
    const reserved = await database.sql!.reserve();
    await reserved`select pg_advisory_lock(7245001)`;
    try {
      await migratePostgres(database.db as any, { migrationsFolder });
    } finally {
      await reserved`select pg_advisory_unlock(7245001)`;
      reserved.release();
    }
  }
  const after = await countApplied(database);
  return { applied: after - before };
}

async function countApplied(database: Database): Promise<number> {
  try {
    const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  } catch {
    return 0;
  }
}
