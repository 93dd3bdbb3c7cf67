// Saved segments: named condition trees a campaign takes as its audience and a workflow's segment trigger copies.
import type { Api, SavedSegment } from '../api';
import type { Condition } from './segment';

export class SavedSegments {
  items = $state<SavedSegment[]>([]);
  error = $state<unknown>(null);
  #api: Api;
  #loaded: Promise<void> | null = null;

  constructor(api: Api) {
    this.#api = api;
  }

  /** Fetched once however many parts of the screen ask (the campaign form and the workflow pickers both do). */
  load(): Promise<void> {
    return (this.#loaded ??= this.reload());
  }

  /** Fetches again, for a segment saved elsewhere. A role that cannot read segments keeps an empty list, as the other pickers do. */
  reload(): Promise<void> {
    this.#loaded = this.#api.insights.segments
      .list()
      .catch(() => [])
      .then((items) => {
        this.items = items;
      });
    return this.#loaded;
  }

  find(id: string): SavedSegment | undefined {
    return this.items.find((s) => s.id === id);
  }

  /** A taken name is the server's `409 name_taken`, kept in `error` to be said in words. */
  async save(name: string, conditions: Condition): Promise<SavedSegment | null> {
    try {
      const saved = await this.#api.insights.segments.save(name, conditions);
      this.items = [...this.items.filter((s) => s.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name));
      this.error = null;
      return saved;
    } catch (error) {
      this.error = error;
      return null;
    }
  }
}
