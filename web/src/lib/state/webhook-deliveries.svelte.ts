// One subscription's delivery log, newest first, a page at a time; a delivery can be sent again.
import type { Api, WebhookDelivery } from '../api';
import { attempt } from './attempt';

export class WebhookDeliveries {
  items = $state<WebhookDelivery[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  #api: Api;
  readonly subscriptionId: string;

  constructor(api: Api, subscriptionId: string) {
    this.#api = api;
    this.subscriptionId = subscriptionId;
  }

  /** The first page again (after a replay, the delivery shows as pending). */
  load() {
    return this.#page(null);
  }

  more() {
    return this.nextCursor ? this.#page(this.nextCursor) : Promise.resolve(false);
  }

  async replay(deliveryId: string): Promise<boolean> {
    return (await attempt(this, () => this.#api.admin.webhooks.replay(this.subscriptionId, deliveryId))) && this.load();
  }

  async #page(cursor: string | null): Promise<boolean> {
    this.loading = true;
    const ok = await attempt(this, async () => {
      const page = await this.#api.admin.webhooks.deliveries(this.subscriptionId, cursor);
      this.items = cursor ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    });
    this.loading = false;
    return ok;
  }
}
