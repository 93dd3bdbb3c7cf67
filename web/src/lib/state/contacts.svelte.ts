// The contacts list: search as you type and keyset pages.
import type { Api, ContactSummary, MergeSuggestion } from '../api';
import { KeysetList } from './keyset-list.svelte';

export class ContactsState extends KeysetList<ContactSummary> {
  query = $state('');
  suggestions = $state<MergeSuggestion[]>([]);
  #api: Api;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: Api) {
    super();
    this.#api = api;
  }

  search(query: string, delayMs = 200) {
    this.query = query;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), delayMs);
  }

  /** Pairs the system thinks are one person; an agent confirms each after a preview. */
  async loadSuggestions() {
    try {
      this.suggestions = (await this.#api.contacts.mergeSuggestions()).items;
    } catch (error) {
      this.error ??= error;
    }
  }

  /** Not the same person: the pair leaves the list here and on the server. */
  async dismissSuggestion(suggestion: MergeSuggestion) {
    try {
      await this.#api.contacts.dismissSuggestion(suggestion.into.id, suggestion.from.id);
      this.suggestions = this.suggestions.filter((s) => s !== suggestion);
    } catch (error) {
      this.error = error;
    }
  }

  protected fetchPage(cursor: string | null) {
    return this.#api.contacts.list({ q: this.query.trim() || undefined, cursor });
  }
}
