// Proves a refused request changed nothing: a trigger on every app table logs each row written, in the writing
// transaction (so a rolled-back write leaves no entry), and a request's writes are the entries after its mark.
// One indexed read per request, where checksumming every table cost more than the request itself.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../server/db/client.ts';

/** Written on requests by design, whatever their answer. */
const EXCLUDED_TABLES = new Set([
  // Failed sign-ins are counted (the login throttle): a 401 records one.
  'login_attempts',
]);
/** Written in the background, not by the request: a token's last use (fire-and-forget) and channel health timestamps. */
const EXCLUDED_COLUMNS = ['last_used_at', 'health'];
/** The event the health writer records beside a health change, as a channel starts up after the request that made it. */
const BACKGROUND_EVENTS = `NEW.type is distinct from 'channel.updated'`;

export interface WriteLog {
  /** The position after the latest logged write. */
  mark(): Promise<number>;
  /** Tables written since `mark`. */
  tablesSince(mark: number): Promise<string[]>;
}

export async function installWriteLog(database: Database): Promise<WriteLog> {
  const db = database.db;
  const tables = rowsOf<{ name: string }>(await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`))
    .map((r) => r.name)
    .filter((name) => !EXCLUDED_TABLES.has(name));
  await db.execute(sql.raw('create table fuzz_writes (id bigserial primary key, tbl text not null)'));
  await db.execute(sql.raw(`create function fuzz_log_write() returns trigger language plpgsql as $$ begin insert into fuzz_writes (tbl) values (TG_TABLE_NAME); return null; end $$`));
  const strip = (row: string) => `(to_jsonb(${row})${EXCLUDED_COLUMNS.map((c) => ` - '${c}'`).join('')})`;
  for (const t of tables) {
    const when = t === 'domain_events' ? ` when (${BACKGROUND_EVENTS})` : '';
    await db.execute(sql.raw(`create trigger fuzz_log_insert after insert on "${t}" for each row${when} execute function fuzz_log_write()`));
    await db.execute(sql.raw(`create trigger fuzz_log_delete after delete on "${t}" for each row execute function fuzz_log_write()`));
    await db.execute(sql.raw(`create trigger fuzz_log_update after update on "${t}" for each row when (${strip('old')} is distinct from ${strip('new')}) execute function fuzz_log_write()`));
    await db.execute(sql.raw(`create trigger fuzz_log_truncate after truncate on "${t}" for each statement execute function fuzz_log_write()`));
  }
  return {
    async mark() {
      return Number(rowsOf<{ n: string }>(await db.execute(sql`select coalesce(max(id), 0) as n from fuzz_writes`))[0]!.n);
    },
    async tablesSince(mark) {
      return rowsOf<{ tbl: string }>(await db.execute(sql`select distinct tbl from fuzz_writes where id > ${mark} order by 1`)).map((r) => r.tbl);
    },
  };
}
