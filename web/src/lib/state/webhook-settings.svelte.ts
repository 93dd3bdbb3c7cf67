// The admin's outbound webhooks: the subscriptions, saving one, and the signing secret the server shows only once.
import type { Api, NewWebhook, WebhookPatch, WebhookSubscription, WebhookTestResult } from '../api';
import { attempt } from './attempt';

/** A secret as the server just sent it; it is never sent again, so the view keeps it only until dismissed. */
export interface RevealedSecret {
  subscriptionId: string;
  secret: string;
  /** After a rotation: until when the previous secret still signs beside the new one. */
  previousValidUntil: string | null;
}

export class WebhookSettings {
  items = $state<WebhookSubscription[]>([]);
  loaded = $state(false);
  saving = $state(false);
  /** The last failed action (a save's 422 is worded beside the field it concerns). */
  error = $state<unknown>(null);
  revealed = $state<RevealedSecret | null>(null);
  /** The subscription whose test event is on its way, and the last test's answer (per subscription, until the next). */
  testing = $state<string | null>(null);
  tested = $state<Record<string, WebhookTestResult>>({});
  #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async load() {
    if (await attempt(this, async () => (this.items = await this.#api.admin.webhooks.list()))) this.loaded = true;
  }

  async create(input: NewWebhook): Promise<boolean> {
    return this.#saving(async () => {
      const { secret, ...created } = await this.#api.admin.webhooks.create(input);
      this.items = [created, ...this.items];
      this.revealed = { subscriptionId: created.id, secret, previousValidUntil: null };
    });
  }

  async update(id: string, patch: WebhookPatch): Promise<boolean> {
    return this.#saving(async () => {
      const saved = await this.#api.admin.webhooks.update(id, patch);
      this.items = this.items.map((item) => (item.id === id ? saved : item));
    });
  }

  async remove(id: string): Promise<boolean> {
    return attempt(this, async () => {
      await this.#api.admin.webhooks.remove(id);
      this.items = this.items.filter((item) => item.id !== id);
      if (this.revealed?.subscriptionId === id) this.revealed = null;
    });
  }

  async rotate(id: string): Promise<boolean> {
    return attempt(this, async () => {
      const rotated = await this.#api.admin.webhooks.rotateSecret(id);
      this.revealed = { subscriptionId: id, secret: rotated.secret, previousValidUntil: rotated.previousSecretValidUntil };
    });
  }

  /** Sends a signed test event now; the receiver's answer (or why none came) is kept for the subscription's row. */
  async test(id: string): Promise<boolean> {
    this.testing = id;
    const ok = await attempt(this, async () => {
      const result = await this.#api.admin.webhooks.test(id);
      this.tested = { ...this.tested, [id]: result };
    });
    this.testing = null;
    return ok;
  }

  dismissSecret() {
    this.revealed = null;
  }

  async #saving(work: () => Promise<void>): Promise<boolean> {
    this.saving = true;
    const ok = await attempt(this, work);
    this.saving = false;
    return ok;
  }
}
