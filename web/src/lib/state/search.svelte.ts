// Global search as you type, debounced, ignoring answers to queries the user has already replaced.
import type { Api, SearchResult } from '../api';

export class SearchState {
  query = $state('');
  result = $state<SearchResult | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  #api: Api;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #latest = '';

  constructor(api: Api) {
    this.#api = api;
  }

  type(query: string, delayMs = 200) {
    this.query = query;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(query), delayMs);
  }

  async run(query: string) {
    this.#latest = query;
    if (!query.trim()) {
      this.result = null;
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      const result = await this.#api.conversations.search(query.trim());
      if (this.#latest === query) this.result = result;
    } catch (error) {
      if (this.#latest === query) this.error = error;
    } finally {
      if (this.#latest === query) this.loading = false;
    }
  }
}
