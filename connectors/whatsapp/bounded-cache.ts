// A small in-memory cache with Baileys' CacheStore shape, bounded in size (and optionally in age) so a
// long-lived channel cannot grow it forever.
import type { CacheStore } from '@whiskeysockets/baileys';

export class BoundedCache implements CacheStore {
  #map = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(
    readonly maxEntries: number,
    readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  get<T>(key: string): T | undefined {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#map.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set<T>(key: string, value: T): void {
    // Re-inserting moves the key to the newest end, so eviction drops the least recently written.
    this.#map.delete(key);
    this.#map.set(key, { value, expiresAt: this.#now() + (this.options.ttlMs ?? Infinity) });
    if (this.#map.size > this.maxEntries) this.#map.delete(this.#map.keys().next().value!);
  }

  del(key: string): void {
    this.#map.delete(key);
  }

  flushAll(): void {
    this.#map.clear();
  }

  #now() {
    return (this.options.now ?? Date.now)();
  }
}
