// The contacts list: search as you type and keyset pages.
import type { Api, ContactSummary } from '../api';

export class ContactsState {
  query = $state('');
  items = $state<ContactSummary[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  #api: Api;
  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: Api) {
    this.#api = api;
  }

  search(query: string, delayMs = 200) {
    this.query = query;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), delayMs);
  }

  async load() {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#api.contacts.list({ q: this.query.trim() || undefined });
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
      const page = await this.#api.contacts.list({ q: this.query.trim() || undefined, cursor: this.nextCursor });
      if (generation !== this.#generation) return;
      this.items = [...this.items, ...page.items];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }
}
