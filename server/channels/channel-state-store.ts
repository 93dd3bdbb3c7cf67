// The Postgres-backed ChannelStateStore: connector cursors and sessions in channel_state.
import { and, eq, like } from 'drizzle-orm';
import type { ChannelStateStore } from '../../connectors/channel.ts';
import type { Db } from '../db/client.ts';
import { channelState } from '../db/schema/index.ts';
import { saveCheckpoint } from '../inbound/ingest-message.ts';

export function channelStateStore(db: Db, channelId: string): ChannelStateStore {
  return {
    async get<T>(key: string) {
      const [row] = await db
        .select({ value: channelState.value })
        .from(channelState)
        .where(and(eq(channelState.channelId, channelId), eq(channelState.key, key)));
      return row?.value as T | undefined;
    },
    set: (key, value) => saveCheckpoint(db, channelId, { key, value }),
    async delete(key) {
      await db.delete(channelState).where(and(eq(channelState.channelId, channelId), eq(channelState.key, key)));
    },
    async list<T>(prefix: string) {
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = await db
        .select({ key: channelState.key, value: channelState.value })
        .from(channelState)
        .where(and(eq(channelState.channelId, channelId), like(channelState.key, `${escaped}%`)));
      return rows.map((r) => ({ key: r.key, value: r.value as T }));
    },
  };
}
