// Persists connector health without putting work on the message path: a change of state, error or pairing code is
// written at once with a `channel.updated` event; timestamp-only updates (last event, last sync) are merged in
// memory and written at most every few seconds, with no event.
import { eq, sql } from 'drizzle-orm';
import type { ChannelHealth } from '../../connectors/channel.ts';
import type { Database } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import { recordEvent } from '../events/record-event.ts';

interface Entry {
  known: Partial<ChannelHealth>;
  pending: Partial<ChannelHealth> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Writes for one channel run in order, so an older state can never land after a newer one. */
  writing: Promise<void>;
}

export class HealthWriter {
  #entries = new Map<string, Entry>();

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 5_000,
  ) {}

  report(channelId: string, update: Partial<ChannelHealth>): void {
    const entry = this.#entries.get(channelId) ?? { known: {}, pending: undefined, timer: undefined, writing: Promise.resolve() };
    this.#entries.set(channelId, entry);
    const significant =
      (update.state !== undefined && update.state !== entry.known.state) ||
      ('lastError' in update && update.lastError !== entry.known.lastError) ||
      ('worker' in update && update.worker !== entry.known.worker) ||
      ['qr', 'pairingCode'].some((k) => update.details && k in update.details && update.details[k] !== entry.known.details?.[k]);
    entry.known = { ...entry.known, ...update };
    entry.pending = { ...entry.pending, ...update };
    if (significant) void this.#enqueue(entry, channelId, true);
    else entry.timer ??= setTimeout(() => void this.#enqueue(entry, channelId, false), this.delayMs);
  }

  #enqueue(entry: Entry, channelId: string, withEvent: boolean): Promise<void> {
    entry.writing = entry.writing.then(() => this.#flush(entry, channelId, withEvent));
    return entry.writing;
  }

  async #flush(entry: Entry, channelId: string, withEvent: boolean): Promise<void> {
    if (!entry.pending) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    const update = entry.pending;
    entry.pending = undefined;
    try {
      await this.database.db
        .update(channels)
        .set({ health: sql`${channels.health} || ${JSON.stringify(update)}::jsonb` })
        .where(eq(channels.id, channelId));
      if (withEvent) {
        await recordEvent(this.database.db, { type: 'channel.updated', payload: { channelId } });
        this.database.wake();
      }
    } catch (error) {
      this.onError(error);
    }
  }

  /** Writes what is pending for a channel (before it stops) and forgets it. */
  async forget(channelId: string): Promise<void> {
    const entry = this.#entries.get(channelId);
    if (!entry) return;
    await this.#enqueue(entry, channelId, false);
    this.#entries.delete(channelId);
  }
}
