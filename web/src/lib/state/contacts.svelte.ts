// The contacts list: search as you type and keyset pages.
import type { Api, ContactSummary } from '../api';
import { KeysetList } from './keyset-list.svelte';

export class ContactsState extends KeysetList<ContactSummary> {
  query = $state('');
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

  protected fetchPage(cursor: string | null) {
    return this.#api.contacts.list({ q: this.query.trim() || undefined, cursor });
  }
}
