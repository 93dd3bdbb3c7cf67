// Fans committed domain events out to this process's subscribers (SSE streams). Woken by LISTEN/NOTIFY from any
// process, with a slow poll as a floor; reads through the gap-free cursor so every process delivers every event.
import type { Database } from '../db/client.ts';
import { WAKE_CHANNEL } from '../db/client.ts';
import { parsePresenceNotice, PRESENCE_CHANNEL, PresenceBoard, type PresenceNotice, type PresenceSignal } from './presence.ts';
import { isStreamedEvent } from './event-types.ts';
import { currentEventCursor, cursorAfter, isQuietMessage, readEventsAfter, type EventCursor, type StoredEvent } from '../events/read-events.ts';

export interface RealtimeEvent {
  type: string;
  id?: number;
  conversationId?: string | null;
  messageId?: string | null;
  contactId?: string | null;
  channelId?: string | null;
  /** An auto-reply or history import: clients show it without alerting anyone. */
  quiet?: boolean;
  /** Presence (type `presence`): who, and whether viewing, typing or gone. */
  userId?: string;
  userName?: string;
  state?: PresenceSignal['state'];
  at?: string;
  /** A disabled webhook (type `webhook.disabled`): which subscription, so a notice can name it. */
  subscriptionId?: string;
}

export class RealtimeHub {
  #subscribers = new Set<(event: RealtimeEvent) => void>();
  #unlisten: (() => Promise<void>) | undefined;
  #unlistenPresence: (() => Promise<void>) | undefined;
  readonly presence = new PresenceBoard();
  /** Names this process in its presence notices, so it does not apply its own twice (see announcePresence). */
  readonly #origin = crypto.randomUUID();
  #cursor: EventCursor | undefined;
  #database: Database | undefined;
  #reading: Promise<void> | undefined;
  #again = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  async start(database: Database, floorMs = 1000): Promise<void> {
    this.#database = database;
    this.#cursor = await currentEventCursor(database.db);
    this.#unlisten = await database.listen(WAKE_CHANNEL, () => this.poll());
    this.#unlistenPresence = await database.listen(PRESENCE_CHANNEL, (payload) => {
      const notice = parsePresenceNotice(payload);
      if (!notice) return;
      const { signal, origin } = notice;
      if (origin !== this.#origin) this.presence.apply(signal);
      const event: RealtimeEvent = { type: 'presence', ...signal };
      for (const fn of this.#subscribers) fn(event);
    });
    this.#timer = setInterval(() => this.poll(), floorMs);
    this.#timer.unref?.();
  }

  /** Reads new committed events; concurrent calls coalesce into one more read. */
  poll(): void {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#read()
      .catch(() => {})
      .finally(() => {
        this.#reading = undefined;
        if (this.#again) {
          this.#again = false;
          this.poll();
        }
      });
  }

  async #read(): Promise<void> {
    if (!this.#database || !this.#cursor) return;
    // Nobody to tell (a worker process, an inbox nobody has open): only the position moves, no event is read.
    if (!this.#subscribers.size) {
      this.#cursor = await currentEventCursor(this.#database.db);
      return;
    }
    for (;;) {
      const events = await readEventsAfter(this.#database.db, this.#cursor);
      for (const e of events) this.#fanOut(e);
      if (events.length) this.#cursor = cursorAfter(events.at(-1)!);
      if (events.length < 500) return;
    }
  }

  #fanOut(e: StoredEvent) {
    if (!isStreamedEvent(e.type)) return;
    const event: RealtimeEvent = {
      type: e.type,
      id: e.id,
      conversationId: e.conversationId,
      messageId: e.messageId,
      contactId: e.contactId,
      channelId: (e.payload.channelId as string) ?? null,
      quiet: isQuietMessage(e),
      ...(e.type === 'webhook.disabled' ? { subscriptionId: e.payload.subscriptionId as string } : {}),
    };
    for (const fn of this.#subscribers) fn(event);
  }

  /**
   * Tells every process who is in a conversation. This process applies the signal now, in the order its requests
   * come, and its listener only streams the echo: applied again, a "viewing" echoed after a later "left" of the same
   * instant would bring the agent back.
   */
  async announcePresence(signal: PresenceSignal): Promise<void> {
    this.presence.apply(signal);
    const notice: PresenceNotice = { signal, origin: this.#origin };
    await this.#database?.notify(PRESENCE_CHANNEL, JSON.stringify(notice));
  }

  subscribe(fn: (event: RealtimeEvent) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#unlisten?.();
    await this.#unlistenPresence?.();
    await this.#reading;
    this.#subscribers.clear();
    this.#database = undefined;
  }
}
