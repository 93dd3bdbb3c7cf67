// Conversations picked for a bulk action: single picks, shift-click ranges, or every one matching the list's filter.
import type { Api, BulkAction, BulkResult, ConversationFilter } from '../api';

export class BulkSelection {
  ids = $state<string[]>([]);
  /** Every conversation the filter matches, including pages not loaded yet. */
  allMatching = $state(false);
  count = $derived(this.ids.length);
  active = $derived(this.allMatching || this.ids.length > 0);
  busy = $state(false);
  #anchor: string | null = null;
  #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  has(id: string): boolean {
    return this.allMatching || this.ids.includes(id);
  }

  /** A click on a row's box; with shift, everything between the last click and this one takes this row's new state. */
  toggle(id: string, range: boolean, order: string[]) {
    if (this.allMatching) {
      // Leaving "all matching" for a hand-made pick: start from what is loaded.
      this.allMatching = false;
      this.ids = [...order];
    }
    const checking = !this.ids.includes(id);
    const from = range && this.#anchor ? order.indexOf(this.#anchor) : -1;
    const to = order.indexOf(id);
    const span = from >= 0 && to >= 0 ? order.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
    this.ids = checking ? [...new Set([...this.ids, ...span])] : this.ids.filter((x) => !span.includes(x));
    this.#anchor = id;
  }

  selectAllMatching() {
    this.allMatching = true;
  }

  clear() {
    this.ids = [];
    this.allMatching = false;
    this.#anchor = null;
  }

  /** Runs one action on the selection; the selection is cleared once the server has answered. */
  async apply(action: BulkAction, filter: ConversationFilter): Promise<BulkResult> {
    this.busy = true;
    try {
      const target = this.allMatching ? { filter: { ...filter } } : { ids: [...this.ids] };
      const result = await this.#api.bulk.run({ ...target, action });
      this.clear();
      return result;
    } finally {
      this.busy = false;
    }
  }

  /** Undo: each conversation back to its state in `previous` (a bulk result's, or one taken before a macro ran). */
  restore(result: Pick<BulkResult, 'previous'>): Promise<BulkResult> {
    return this.#api.bulk.run({ action: { type: 'restore', previous: result.previous } });
  }
}
