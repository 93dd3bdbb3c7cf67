// A small in-memory cache with Baileys' CacheStore shape, bounded so a long-lived channel cannot grow it forever.
import type { CacheStore } from '@whiskeysockets/baileys';

export class BoundedCache implements CacheStore {
  #map = new Map<string, unknown>();
  constructor(readonly maxEntries: number) {}

  get<T>(key: string): T | undefined {
    return this.#map.get(key) as T | undefined;
  }

  set<T>(key: string, value: T): void {
    // Re-inserting moves the key to the newest end, so eviction drops the least recently written.
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.maxEntries) this.#map.delete(this.#map.keys().next().value!);
  }

  del(key: string): void {
    this.#map.delete(key);
  }

  flushAll(): void {
    this.#map.clear();
  }
}
