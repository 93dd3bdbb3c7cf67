// A list loaded in keyset pages: first page, "load more", and answers to superseded requests ignored.
import type { Page } from '../api/types';

export abstract class KeysetList<T extends { id: string }> {
  items = $state<T[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  #generation = 0;

  /** Fetch one page for the current filter; `cursor` is null for the first page. */
  protected abstract fetchPage(cursor: string | null): Promise<Page<T>>;

  /** Reload the first page; an older in-flight load (another view or query) is ignored when it lands. */
  async load() {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.fetchPage(null);
      if (generation !== this.#generation) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async loadMore() {
    if (!this.nextCursor || this.loading) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const page = await this.fetchPage(this.nextCursor);
      if (generation !== this.#generation) return;
      const known = new Set(this.items.map((item) => item.id));
      this.items = [...this.items, ...page.items.filter((item) => !known.has(item.id))];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
