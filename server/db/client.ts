// Opens the database: embedded PGlite under the data dir by default, Postgres when DATABASE_URL is set.
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import { ensurePrivateDir, tightenTree } from '../lib/private-files.ts';
import { ConfigError } from '../config.ts';
import { claimPgliteDir } from './pglite-lock.ts';
import { takeTurns } from './pglite-turns.ts';

export type Schema = typeof schema;
// Both drivers produce a PgDatabase; the query-result shape is the only difference, hidden by `rowsOf`.
export type Db = PgDatabase<any, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** A raw parameterized SQL executor, bound to a connection or to a transaction. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** LISTEN for pg-boss's wake-ups on a job's insert (PGlite; on Postgres pg-boss holds its own listening connection). */
  listen?(channel: string, onPayload: (payload: string) => void, onReconnect: () => void): Promise<{ close(): Promise<void> }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  executor: SqlExecutor;
  /** Subscribe to NOTIFY on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** After a commit that wrote events: tells every process's listeners to read (a NOTIFY outside any data transaction). */
  wake(): void;
  /** Sends a payload to every process's listeners on a channel now (ephemeral signals such as presence; no row). */
  notify(channel: string, payload: string): Promise<void>;
  /** The underlying PGlite instance (embedded mode only). */
  pglite?: PGlite;
  sql?: postgres.Sql;
  /** The connection URL (Postgres only). */
  url?: string;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** A PGlite instance prepared by the caller (tests load a migrated template). */
  pglite?: PGlite;
  /** Postgres pool size. */
  max?: number;
  /** PGlite's shared buffers in MB (default PGLITE_SHARED_BUFFERS_MB). */
  sharedBuffersMb?: number;
}

const casing = 'snake_case' as const;

/** Where embedded PGlite keeps its database inside the data dir. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return checkedPostgres(openPostgres(options.databaseUrl, options.max ?? 10));
  if (options.pglite) return wrapPglite(options.pglite);
  const dir = pgliteDir(options.dataDir ?? './data');
  // The WAL holds password hashes and message text: owner-only. Files PGlite creates later are covered by
  // the umask that main.ts restricts at start, and are unreachable anyway inside a 0700 directory.
  ensurePrivateDir(dir);
  const release = claimPgliteDir(dir);
  process.once('exit', release);
  let pg: PGlite;
  try {
    const sharedBuffers = `shared_buffers=${options.sharedBuffersMb ?? PGLITE_SHARED_BUFFERS_MB}MB`;
    pg = await PGlite.create({ dataDir: dir, startParams: [...PGlite.defaultStartParams, '-c', sharedBuffers] });
  } catch (error) {
    release();
    // A damaged directory, or one written by another version of Postgres, would otherwise end in PGlite's minified stack.
    throw new ConfigError(
      `The embedded database in ${dir} cannot be opened: ${(error as Error)?.message ?? String(error)}. It may be damaged, or written by another version of Ulak's PGlite: restore it from a backup, or move it away to start with a new one.`,
    );
  }
  tightenTree(dir);
  const database = wrapPglite(pg);
  return {
    ...database,
    async close() {
      try {
        await database.close();
      } finally {
        release();
        process.removeListener('exit', release);
      }
    },
  };
}

/**
 * PGlite's shared buffers live in the process's own memory and are all touched at start: initdb's 128 MB made an
 * idle server hold about 400 MB. Its data files are read through the operating system's page cache anyway, so a
 * small pool costs little; durability is unchanged (every commit is still written out). Smaller than 16 MB starts
 * to cost speed (4 MB: analytics reads about half again as slow, for 12 MB less), so that is the operator's choice
 * (ULAK_PGLITE_SHARED_BUFFERS_MB).
 */
const PGLITE_SHARED_BUFFERS_MB = 16;

export const WAKE_CHANNEL = 'ulak_wake';

/** Coalesces wake-ups into one NOTIFY per tick, sent without waiting for a WAL flush (a lost wake-up only delays). */
function waker(send: () => Promise<unknown>): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      void send().catch(() => {});
    }, 0);
  };
}

function wrapPglite(pg: PGlite): Database {
  takeTurns(pg);
  const db = drizzlePglite(pg, { schema, casing }) as unknown as Db;
  return {
    wake: waker(() => pg.query(`select pg_notify('${WAKE_CHANNEL}', '')`)),
    kind: 'pglite',
    async notify(channel, payload) {
      await pg.query('select pg_notify($1, $2)', [channel, payload]);
    },
    db,
    pglite: pg,
    executor: {
      ...pgliteExecutor(pg),
      async listen(channel, onPayload, onReconnect) {
        const unsubscribe = await pg.listen(channel, onPayload);
        // One connection that never drops: listening from now on misses nothing, but a job inserted before is fetched now.
        onReconnect();
        return { close: () => unsubscribe() };
      },
    },
    async listen(channel, onPayload) {
      const unsubscribe = await pg.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    close: () => pg.close(),
  };
}

const preparing = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with every statement it issues prepared once per connection and reused (Postgres; a no-op on PGlite).
 * For hot paths of fixed shape, such as the ingest transaction: parsing and planning each statement afresh was a
 * large share of its database time. Not used globally, because a reused generic plan can be a poor one for
 * queries over skewed data (search, the inbox list).
 */
export function withPreparedStatements<T>(fn: () => Promise<T>): Promise<T> {
  return preparing.run(true, fn);
}

type Unsafe = (query: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;
type Loose = { unsafe: Unsafe } & Record<string, unknown>;

/** drizzle asks postgres.js for unnamed statements; inside `withPreparedStatements` ask for prepared ones. */
function prepareWhenAsked<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  const loose = client as unknown as Loose;
  const unsafe = loose.unsafe.bind(client);
  loose.unsafe = (query, params, options) => unsafe(query, params, preparing.getStore() ? { ...options, prepare: true } : options);
  for (const scope of ['begin', 'savepoint'] as const) {
    const open = loose[scope] as ((...args: unknown[]) => unknown) | undefined;
    if (!open) continue;
    // A transaction's client is a new object: give it the same behaviour.
    loose[scope] = (...args: unknown[]) => {
      const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return open.call(client, ...args, (tx: postgres.TransactionSql) => fn(prepareWhenAsked(tx)));
    };
  }
  return client;
}

function openPostgres(url: string, max: number): Database {
  const sql = prepareWhenAsked(postgres(url, { max, onnotice: () => {}, connection: { application_name: 'ulak' } }));
  const db = drizzlePostgres(sql, { schema, casing }) as unknown as Db;
  return {
    kind: 'postgres',
    async notify(channel, payload) {
      await sql`select pg_notify(${channel}, ${payload})`;
    },
    db,
    sql,
    url,
    executor: postgresExecutor(sql),
    // One round trip: a simple-protocol query string runs as one implicit transaction; the wake-up need not wait for fsync.
    wake: waker(() => sql.unsafe(`set local synchronous_commit = off; select pg_notify('${WAKE_CHANNEL}', '')`).simple()),
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * The first statement on a Postgres just opened: one that cannot be reached or used (refused, an unknown host, no such
 * database or role, a wrong password) stops the start and the commands in words naming DATABASE_URL, not a stack trace.
 */
async function checkedPostgres(database: Database): Promise<Database> {
  try {
    await database.sql!`select 1`;
    return database;
  } catch (error) {
    await database.sql!.end({ timeout: 0 }).catch(() => {});
    const { message, code } = error as { message?: string; code?: unknown };
    const why = `${message ?? String(error)}${typeof code === 'string' && !message?.includes(code) ? ` (${code})` : ''}`;
    throw new ConfigError(`The database at ${withoutPassword(database.url!)} cannot be used: ${why}. Check DATABASE_URL, and that Postgres runs there and admits this role.`);
  }
}

function withoutPassword(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed?.password) return url;
  parsed.password = '***';
  return parsed.toString();
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function pgliteExecutor(pg: PgliteLike): SqlExecutor {
  return {
    async executeSql(text, values) {
      // Multi-statement SQL without parameters (pg-boss migrations) only runs through exec.
      if (!values?.length) {
        const results = await pg.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const result = await pg.query(text, values);
      return { rows: result.rows };
    },
  };
}

function postgresExecutor(sql: postgres.Sql | postgres.TransactionSql): SqlExecutor {
  return {
    async executeSql(text, values) {
      const rows = await sql.unsafe(text, (values ?? []) as any[]);
      return { rows: [...rows] };
    },
  };
}

/** An executor bound to a drizzle transaction, so pg-boss jobs commit or roll back with it. */
export function executorFor(tx: DbOrTx, kind: Database['kind']): SqlExecutor {
  // drizzle keeps the driver's transaction client on its session (not public API, stable across 0.3x–0.45).
  const client = (tx as any).session?.client;
  if (!client) throw new Error('drizzle session client not found');
  return kind === 'pglite' ? pgliteExecutor(client) : postgresExecutor(client);
}

/** Rows of a `db.execute(sql…)` result, whichever driver produced it. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** A timestamp parameter inside raw sql``: postgres.js cannot bind a Date there, so pass ISO text and cast. */
export function tsParam(date: Date) {
  return sql`${date.toISOString()}::timestamptz`;
}
