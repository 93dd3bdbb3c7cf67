// Live progress of campaigns: figures per campaign, refreshed every few seconds while any is scheduled or sending.
import type { Api, Campaign, CampaignStats } from '../api';

const LIVE = new Set(['scheduled', 'running']);

export class CampaignBoard {
  stats = $state<Record<string, CampaignStats>>({});
  #api: Api;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(api: Api) {
    this.#api = api;
  }

  /** Figures for these campaigns (drafts have no recipients yet, so none are fetched for them). */
  async refresh(campaigns: Campaign[]): Promise<void> {
    const wanted = campaigns.filter((c) => c.status && c.status !== 'draft');
    const results = await Promise.allSettled(wanted.map((c) => this.#api.insights.campaigns.stats(c.id)));
    const next = { ...this.stats };
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') next[wanted[i]!.id] = result.value;
    });
    this.stats = next;
  }

  /**
   * Keeps figures fresh while a campaign is live. Statuses change on the server too (a campaign completes),
   * so the list is re-read as well and handed to `onList`. Returns the function that stops watching.
   */
  watch(campaigns: () => Campaign[], onList: (list: Campaign[]) => void, everyMs = 3000): () => void {
    this.stop();
    void this.refresh(campaigns());
    this.#timer = setInterval(async () => {
      if (!campaigns().some((c) => LIVE.has(c.status ?? ''))) return;
      try {
        const before = new Map(campaigns().map((c) => [c.id, c.status]));
        const list = await this.#api.insights.campaigns.list();
        onList(list);
        // Live ones, and those that just finished, so their final figures show.
        await this.refresh(list.filter((c) => LIVE.has(c.status ?? '') || before.get(c.id) !== c.status));
      } catch {
        // A failed poll is retried on the next tick; the figures on screen stay as they were.
      }
    }, everyMs);
    return () => this.stop();
  }

  stop() {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
