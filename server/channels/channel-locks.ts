// One process holds a pulling channel (a mailbox, a bot, a WhatsApp session): a session advisory lock per channel.
import postgres from 'postgres';
import type { Database } from '../db/client.ts';

/** The advisory lock's name, hashed to its key by `hashtextextended(name, 0)` (operators find holders in pg_locks by it). */
export const channelLockName = (channelId: string) => `channel:${channelId}`;

/** The `application_name` of lock connections, so operators tell them from query connections in pg_stat_activity. */
export const LOCK_CONNECTION_NAME = 'ulak-channel-lock';

/**
 * A lock connection's options. No lifetime limit, or the pool would replace the session, and the lock with it, after
 * half an hour. Keepalives of the server's own, so that when a worker's machine dies (no FIN, no RST) Postgres ends
 * its session, and its locks, in about a minute rather than after the system default of two hours and more.
 */
export const LOCK_CONNECTION_OPTIONS = {
  max: 1,
  max_lifetime: 0,
  idle_timeout: 0,
  onnotice: () => {},
  connection: { application_name: LOCK_CONNECTION_NAME, tcp_keepalives_idle: 30, tcp_keepalives_interval: 10, tcp_keepalives_count: 3 },
} satisfies postgres.Options<Record<string, never>>;

/**
 * Every process that runs pulling channels holds this lock in shared mode for as long as it runs them: the number of
 * holders, read from pg_locks, is how many processes share the channels out. A process that dies lets go with its session.
 */
export const WORKERS_LOCK_NAME = 'ulak:channel-workers';

/** The processes running pulling channels, and where this one stands among them (0 = joined first). */
export interface WorkerPlace {
  count: number;
  rank: number;
}

/**
 * How many of N pulling channels a process holds: N split as evenly as it goes (4 among 3 is 2, 1 and 1, not 2, 2 and
 * 0), the odd ones to the processes that joined first, so one joining never takes an extra from those already running.
 */
export const channelShare = (channels: number, { count, rank }: WorkerPlace) => Math.floor(channels / count) + (rank < channels % count ? 1 : 0);

interface HeldLock {
  /** A connection of its own: the lock lives as long as this session, and never takes a query connection. */
  connection: postgres.Sql;
  /** The session that took the lock; a connection that answers from another session has lost it. */
  pid: number;
}

/** Whether the connection still answers from the session that took the lock (another session has lost it). */
const stillHeld = (held: HeldLock) => held.connection`select pg_backend_pid() as pid`.then(([row]) => row?.pid === held.pid).catch(() => false);

export class ChannelLocks {
  #held = new Map<string, HeldLock | true>();

  constructor(private readonly database: Database) {}

  async tryAcquire(channelId: string): Promise<boolean> {
    if (this.#held.has(channelId)) return true;
    // Embedded PGlite lives in this one process: nothing else can poll the same data dir.
    if (this.database.kind === 'pglite' || !this.database.url) {
      this.#held.set(channelId, true);
      return true;
    }
    // Not from the query pool: a process holding ten channels would otherwise have no connection left to work with.
    const connection = postgres(this.database.url, LOCK_CONNECTION_OPTIONS);
    try {
      const [row] = await connection`select pg_try_advisory_lock(hashtextextended(${channelLockName(channelId)}, 0)) as ok, pg_backend_pid() as pid`;
      if (!row?.ok) {
        await connection.end({ timeout: 1 });
        return false;
      }
      this.#held.set(channelId, { connection, pid: row.pid as number });
      return true;
    } catch (error) {
      await connection.end({ timeout: 1 }).catch(() => {});
      throw error;
    }
  }

  /**
   * The channels whose lock this process no longer has: its session ended (Postgres restarted or failed over, an
   * operator ended it, a proxy dropped it), so another process may hold the channel now. They are forgotten here.
   */
  async lost(): Promise<string[]> {
    const lost: string[] = [];
    for (const [channelId, held] of this.#held) {
      if (held === true) continue;
      if (await stillHeld(held)) continue;
      lost.push(channelId);
      this.#held.delete(channelId);
      await held.connection.end({ timeout: 1 }).catch(() => {});
    }
    return lost;
  }

  async release(channelId: string): Promise<void> {
    const held = this.#held.get(channelId);
    this.#held.delete(channelId);
    if (!held || held === true) return;
    // Ending the session ends its lock; the explicit unlock only makes it immediate.
    await held.connection`select pg_advisory_unlock(hashtextextended(${channelLockName(channelId)}, 0))`.catch(() => {});
    await held.connection.end({ timeout: 1 }).catch(() => {});
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.#held.keys()].map((id) => this.release(id)));
    const presence = this.#presence;
    this.#presence = undefined;
    await presence?.connection.end({ timeout: 1 }).catch(() => {});
  }

  #presence: HeldLock | undefined;

  /**
   * How many processes run pulling channels on this database, this one included (it joins them on its first call, and
   * again if its session ended), and this one's place among them: 0 for the one that joined first (its lock session
   * started first), so a newcomer ranks last. { count: 1, rank: 0 } on embedded PGlite. Undefined when it cannot be
   * read: then share nothing out.
   */
  async workers(): Promise<WorkerPlace | undefined> {
    if (this.database.kind === 'pglite' || !this.database.url) return { count: 1, rank: 0 };
    try {
      const presence = await this.#join();
      const holders = await presence.connection`
        select l.pid from pg_locks l left join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 1
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = ((hashtextextended(${WORKERS_LOCK_NAME}, 0) >> 32) & 4294967295)::oid
          and l.objid = (hashtextextended(${WORKERS_LOCK_NAME}, 0) & 4294967295)::oid
        order by a.backend_start nulls last, l.pid`;
      const rank = holders.findIndex((row) => row.pid === presence.pid);
      // Not among them (its session ended just now): it counts itself last, and joins again on the next pass.
      return rank < 0 ? { count: holders.length + 1, rank: holders.length } : { count: holders.length, rank };
    } catch {
      return undefined;
    }
  }

  async #join(): Promise<HeldLock> {
    const current = this.#presence;
    if (current) {
      if (await stillHeld(current)) return current;
      this.#presence = undefined;
      await current.connection.end({ timeout: 1 }).catch(() => {});
    }
    const connection = postgres(this.database.url!, LOCK_CONNECTION_OPTIONS);
    try {
      const [row] = await connection`select pg_advisory_lock_shared(hashtextextended(${WORKERS_LOCK_NAME}, 0)), pg_backend_pid() as pid`;
      this.#presence = { connection, pid: row!.pid as number };
      return this.#presence;
    } catch (error) {
      await connection.end({ timeout: 1 }).catch(() => {});
      throw error;
    }
  }
}
