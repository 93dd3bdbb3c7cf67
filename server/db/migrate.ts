// Applies drizzle-kit migrations from ./migrations; an already-migrated database is left unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client.ts';
import { rowsOf } from './client.ts';
import { sql } from 'drizzle-orm';
import { ConfigError } from '../config.ts';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The tag of the newest migration this version ships (drizzle-kit's journal). */
export function newestMigration(): string {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  return journal.entries.at(-1)!.tag;
}

export async function migrate(database: Database): Promise<{ applied: number }> {
  const before = await countApplied(database);
  if (database.kind === 'pglite') await migratePglite(database.db as any, { migrationsFolder });
  else {
    // Serialize concurrent starts (serve + work processes) on one database; the lock is per session.
    const reserved = await database.sql!.reserve();
    await reserved`select pg_advisory_lock(7245001)`;
    try {
      await migratePostgres(database.db as any, { migrationsFolder });
    } catch (error) {
      throw unprivileged(error) ?? error;
    } finally {
      await reserved`select pg_advisory_unlock(7245001)`;
      reserved.release();
    }
  }
  const after = await countApplied(database);
  return { applied: after - before };
}

/** A role that may not create what the migrations create (a managed Postgres's restricted user), in words. */
function unprivileged(error: unknown): ConfigError | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: string } })?.cause;
  if (cause?.code !== '42501') return undefined;
  const statement = (error as { query?: string }).query?.split('\n')[0]?.trim();
  return new ConfigError(
    `The database could not be migrated: ${cause.message} (42501)${statement ? `, at ${statement}` : ''}. The role in DATABASE_URL must be able to create schemas and tables in its database: make it the database's owner (ALTER DATABASE … OWNER TO …), or grant it CREATE on the database.`,
  );
}

async function countApplied(database: Database): Promise<number> {
  try {
    const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
  } catch {
    return 0;
  }
}
