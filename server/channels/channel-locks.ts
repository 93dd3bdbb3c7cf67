// One process holds a pulling channel (a mailbox, a bot, a WhatsApp session): a session advisory lock per channel.
import type postgres from 'postgres';
import type { Database } from '../db/client.ts';

/** The advisory lock's name, hashed to its key by `hashtextextended(name, 0)` (operators find holders in pg_locks by it). */
export const channelLockName = (channelId: string) => `channel:${channelId}`;

export class ChannelLocks {
  #held = new Map<string, postgres.ReservedSql | true>();

  constructor(private readonly database: Database) {}

  async tryAcquire(channelId: string): Promise<boolean> {
    if (this.#held.has(channelId)) return true;
    // Embedded PGlite lives in this one process: nothing else can poll the same data dir.
    if (this.database.kind === 'pglite') {
      this.#held.set(channelId, true);
      return true;
    }
    const reserved = await this.database.sql!.reserve();
    const [row] = await reserved`select pg_try_advisory_lock(hashtextextended(${channelLockName(channelId)}, 0)) as ok`;
    if (!row?.ok) {
      reserved.release();
      return false;
    }
    this.#held.set(channelId, reserved);
    return true;
  }

  async release(channelId: string): Promise<void> {
    const held = this.#held.get(channelId);
    this.#held.delete(channelId);
    if (!held || held === true) return;
    await held`select pg_advisory_unlock(hashtextextended(${channelLockName(channelId)}, 0))`.catch(() => {});
    held.release();
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.#held.keys()].map((id) => this.release(id)));
  }
}
