// Fans database NOTIFY events out to this process's subscribers (SSE streams): every process hears every commit.
import type { Database } from '../db/client.ts';
import { EVENTS_CHANNEL } from '../services/record-event.ts';

export interface RealtimeEvent {
  type: string;
  conversationId?: string | null;
  messageId?: string | null;
  contactId?: string | null;
  channelId?: string | null;
}

export class RealtimeHub {
  #subscribers = new Set<(event: RealtimeEvent) => void>();
  #unlisten: (() => Promise<void>) | undefined;

  async start(database: Database): Promise<void> {
    this.#unlisten = await database.listen(EVENTS_CHANNEL, (payload) => {
      let event: RealtimeEvent;
      try {
        event = JSON.parse(payload);
      } catch {
        return;
      }
      for (const fn of this.#subscribers) fn(event);
    });
  }

  subscribe(fn: (event: RealtimeEvent) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }

  get subscriberCount() {
    return this.#subscribers.size;
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.#subscribers.clear();
  }
}
