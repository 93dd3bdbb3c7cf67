// Suggested segments on the campaigns screen: asked for on demand (clustering reads the whole customer base),
// each one saved as a named segment with one click, or taken as the audience of the campaign being written.
import type { Api, SegmentSuggestion } from '../api';

export class SegmentSuggestions {
  items = $state<SegmentSuggestion[] | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  /** Indexes of the suggestions saved in this visit, so their button says so. */
  saved = $state<number[]>([]);
  #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async load(lang: 'tr' | 'en'): Promise<void> {
    this.loading = true;
    try {
      this.items = await this.#api.insights.segments.suggestions(lang);
      this.saved = [];
      this.error = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  /** Saved under its description, the name a marketer would have given it; a taken name is an error in words. */
  async save(index: number): Promise<boolean> {
    const item = this.items?.[index];
    if (!item) return false;
    try {
      await this.#api.insights.segments.save(item.description.slice(0, 200), item.definition);
      this.saved = [...this.saved, index];
      this.error = null;
      return true;
    } catch (error) {
      this.error = error;
      return false;
    }
  }
}
