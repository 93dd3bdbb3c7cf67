// Channel accounts (an API endpoint, a mailbox, a number, a bot) and their durable connector state.
import { boolean, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, updatedAt } from './columns.ts';
import { id } from './columns.ts';
import type { ChannelKind } from '../../../connectors/channel-kinds.ts';

export const channels = pgTable('channels', {
  id: id(),
  kind: text().$type<ChannelKind>().notNull(),
  name: text().notNull(),
  /** Non-secret configuration, returned by the API as is. */
  config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  /** Secret fields, AES-256-GCM encrypted under ULAK_SECRET_KEY. */
  secrets: text(),
  active: boolean().notNull().default(true),
  health: jsonb().$type<Record<string, unknown>>().notNull().default({ state: 'stopped' }),
  ...timestamps,
});

/** Connector cursors and sessions: IMAP UID checkpoints, Telegram offsets, WhatsApp auth keys. */
export const channelState = pgTable(
  'channel_state',
  {
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    value: jsonb().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.key] })],
);
