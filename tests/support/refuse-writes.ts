// Makes the database refuse chosen rows from inside the writing transaction (a trigger), or every read of a table, to see what a failure leaves.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';

export interface Refusal {
  /** Drops the trigger: the same writes succeed from now on. */
  lift(): Promise<void>;
}

/**
 * Every insert or update of `table` whose new row matches `condition` (SQL over `new`) fails with "injected failure",
 * under `sqlState` when given (`57P03`, cannot_connect_now: what a database restarting answers).
 */
export async function refuseWrites(database: Database, table: string, condition: string, sqlState?: string): Promise<Refusal> {
  const name = `refuse_${randomBytes(4).toString('hex')}`;
  const using = sqlState ? ` using errcode = '${sqlState}'` : '';
  await database.db.execute(
    sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin if ${condition} then raise exception 'injected failure'${using}; end if; return new; end $$`),
  );
  await database.db.execute(sql.raw(`create trigger ${name} before insert or update on ${table} for each row execute function ${name}()`));
  return {
    async lift() {
      await database.db.execute(sql.raw(`drop trigger ${name} on ${table}`));
      await database.db.execute(sql.raw(`drop function ${name}()`));
    },
  };
}

/**
 * Every read of `table` fails under `sqlState` (what a database restarting answers) until lifted: the table is renamed
 * and a view that raises stands in its place. Foreign keys follow the renamed table, so writes elsewhere still work.
 */
export async function refuseReads(database: Database, table: string, sqlState = '57P03'): Promise<Refusal> {
  const name = `refuse_${randomBytes(4).toString('hex')}`;
  await database.db.execute(sql.raw(`create function ${name}() returns boolean stable language plpgsql as $$ begin raise exception 'injected failure' using errcode = '${sqlState}'; end $$`));
  await database.db.execute(sql.raw(`alter table ${table} rename to ${name}_table`));
  await database.db.execute(sql.raw(`create view ${table} as select * from ${name}_table where ${name}()`));
  return {
    async lift() {
      await database.db.execute(sql.raw(`drop view ${table}`));
      await database.db.execute(sql.raw(`alter table ${name}_table rename to ${table}`));
      await database.db.execute(sql.raw(`drop function ${name}()`));
    },
  };
}
