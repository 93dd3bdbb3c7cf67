// Listens to /api/events and hands each change to whoever shows it; the client refetches what changed.
import type { RealtimeEvent } from '../api/types';

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

const eventTypes: RealtimeEvent['type'][] = [
  'message.created', 'message.updated', 'conversation.created', 'conversation.updated', 'contact.updated', 'channel.updated',
];

export class Realtime {
  connected = $state(false);
  #factory: EventSourceFactory;
  #source: EventSourceLike | null = null;
  #handler: (event: RealtimeEvent) => void;

  constructor(handler: (event: RealtimeEvent) => void, factory?: EventSourceFactory) {
    this.#handler = handler;
    this.#factory = factory ?? ((url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike);
  }

  start(url = '/api/events') {
    this.stop();
    const source = this.#factory(url);
    // EventSource reconnects by itself; we only reflect the state so the UI can say "reconnecting".
    source.onopen = () => (this.connected = true);
    source.onerror = () => (this.connected = false);
    for (const type of eventTypes) {
      source.addEventListener(type, (event) => this.#dispatch(type, event.data));
    }
    this.#source = source;
  }

  stop() {
    this.#source?.close();
    this.#source = null;
    this.connected = false;
  }

  #dispatch(type: RealtimeEvent['type'], data: string) {
    let payload: Partial<RealtimeEvent> = {};
    try {
      payload = JSON.parse(data);
    } catch {
      // A malformed payload still tells us the kind of change; a full refetch covers it.
    }
    this.#handler({ ...payload, type });
  }
}
