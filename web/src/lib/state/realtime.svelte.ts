// Listens to /api/events and hands each change to whoever shows it; the client refetches what changed.
import type { RealtimeEvent } from '../api/types';
import { STREAMED_EVENT_TYPES } from '../../../../server/realtime/event-types.ts';

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  readonly readyState?: number;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;

export class Realtime {
  connected = $state(false);
  #factory: EventSourceFactory;
  #source: EventSourceLike | null = null;
  #handler: (event: RealtimeEvent) => void;
  #onResync: () => void;
  #url = '/api/events';
  #retry: ReturnType<typeof setTimeout> | null = null;
  #backoffMs = 1000;
  #droppedSinceOpen = false;

  /** `onResync` runs after a connection comes back, since events sent while it was down are lost. */
  constructor(handler: (event: RealtimeEvent) => void, factory?: EventSourceFactory, onResync: () => void = () => {}) {
    this.#handler = handler;
    this.#onResync = onResync;
    this.#factory = factory ?? ((url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike);
  }

  start(url = this.#url) {
    this.stop();
    this.#url = url;
    const source = this.#factory(url);
    source.onopen = () => {
      this.connected = true;
      this.#backoffMs = 1000;
      if (this.#droppedSinceOpen) this.#onResync();
      this.#droppedSinceOpen = false;
    };
    source.onerror = () => {
      this.connected = false;
      this.#droppedSinceOpen = true;
      // The browser retries a dropped stream by itself, but gives up for good after an HTTP error; then we retry.
      if (source.readyState === CLOSED && this.#source === source) this.#scheduleRestart();
    };
    for (const type of [...STREAMED_EVENT_TYPES, 'presence' as const]) {
      source.addEventListener(type, (event) => this.#dispatch(type, event.data));
    }
    this.#source = source;
  }

  stop() {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#source?.close();
    this.#source = null;
    this.connected = false;
  }

  #scheduleRestart() {
    const wait = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, 30_000);
    const dropped = this.#droppedSinceOpen;
    this.#retry = setTimeout(() => {
      this.start();
      this.#droppedSinceOpen = dropped;
    }, wait);
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
