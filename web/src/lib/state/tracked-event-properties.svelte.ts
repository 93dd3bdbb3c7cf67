// The property names a tracked event has carried, for the trigger editor: a filter on a name never seen on the event
// is most likely misspelt. A warning, never an error: a new event may simply not have arrived yet.
import { TRACKED_EVENT_NAME } from '../../../../workflows/model.ts';
import type { Api, EventProperties } from '../api';
import type { PropertyRow } from './trigger-fields';

/**
 * For each row, whether to warn: the event named `event` has arrived, yet never with a property of this name. What was
 * seen on another event (an answer for the name before the last keystroke) warns about nothing.
 */
export function unseenPropertyRows(rows: PropertyRow[], event: string, seen: EventProperties | null): boolean[] {
  const known = seen?.name === event.trim() && seen.sampled > 0 ? new Set(seen.properties.map((p) => p.name)) : null;
  return rows.map((row) => !!known && row.key.trim() !== '' && !known.has(row.key.trim()));
}

export class TrackedEventProperties {
  /** What was seen on the event named last once read (until then, on the one before); null for a malformed name. */
  current = $state<EventProperties | null>(null);
  #api: Api;
  #asked = '';
  #read = new Map<string, Promise<EventProperties | null>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #delayMs: number;

  /** `delayMs`: the pause after typing before a name is read, so each keystroke is not a request. */
  constructor(api: Api, delayMs = 300) {
    this.#api = api;
    this.#delayMs = delayMs;
  }

  /** Reads the event's properties after a pause (each name once per visit); a later name supersedes this one. */
  show(name: string) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(name), this.#delayMs);
  }

  async load(name: string): Promise<void> {
    const asked = (this.#asked = name.trim());
    if (!TRACKED_EVENT_NAME.test(asked)) return void (this.current = null);
    let read = this.#read.get(asked);
    if (!read) {
      // A failed read warns about nothing, and is asked again next time.
      read = this.#api.insights.events.properties(asked).catch(() => (this.#read.delete(asked), null));
      this.#read.set(asked, read);
    }
    const seen = await read;
    if (this.#asked === asked) this.current = seen;
  }
}
