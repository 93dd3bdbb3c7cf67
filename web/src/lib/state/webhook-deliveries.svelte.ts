// One subscription's delivery log, newest first, a page at a time, optionally of one status; deliveries can be sent again.
import type { Api, WebhookDelivery, WebhookDeliveryStatus, WebhookReplay } from '../api';
import { attempt } from './attempt';

export class WebhookDeliveries {
  items = $state<WebhookDelivery[]>([]);
  nextCursor = $state<string | null>(null);
  /** Only deliveries in this status; null shows them all. */
  status = $state<WebhookDeliveryStatus | null>(null);
  /** What the last replay-since queued, to tell the admin. */
  replayed = $state<WebhookReplay | null>(null);
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

  filter(status: WebhookDeliveryStatus | null) {
    this.status = status;
    return this.load();
  }

  async replay(deliveryId: string): Promise<boolean> {
    return (await attempt(this, () => this.#api.admin.webhooks.replay(this.subscriptionId, { deliveryId }))) && this.load();
  }

  /** Sends again every delivery since `since` (up to `until`, if given), and creates those missed while the subscription was off. */
  async replaySince(since: Date, until?: Date): Promise<boolean> {
    this.replayed = null;
    const ok = await attempt(this, async () => {
      this.replayed = await this.#api.admin.webhooks.replay(this.subscriptionId, { since: since.toISOString(), ...(until && { until: until.toISOString() }) });
    });
    return ok && this.load();
  }

  async #page(cursor: string | null): Promise<boolean> {
    this.loading = true;
    const status = this.status ?? undefined;
    const ok = await attempt(this, async () => {
      const page = await this.#api.admin.webhooks.deliveries(this.subscriptionId, { cursor: cursor ?? undefined, status });
      // A filter changed while this page was on its way: its rows belong to the old one.
      if ((this.status ?? undefined) !== status) return;
      this.items = cursor ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    });
    this.loading = false;
    return ok;
  }
}
