// One campaign's dry run before Start and the marketer's test send; the panel shows what these hold.
import type { Api, CampaignPreview, TestSendResult } from '../api';

export class CampaignPreviewState {
  result = $state<CampaignPreview | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  /** The contact whose message is shown; null lets the server pick one who would receive it. */
  contactId = $state<string | null>(null);
  /** The A/B variant whose message is previewed and test-sent; null = variant A (or a campaign without variants). */
  variant = $state<string | null>(null);
  testSent = $state<TestSendResult | null>(null);
  testError = $state<unknown>(null);
  #api: Api;
  readonly campaignId: string;
  /** The campaign's A/B variant keys; empty for a campaign with one message. */
  readonly variants: readonly string[];

  constructor(api: Api, campaignId: string, variants: readonly string[] = []) {
    this.#api = api;
    this.campaignId = campaignId;
    this.variants = variants;
  }

  /** Shows another variant's message; a test sent next sends that one. */
  async showVariant(key: string): Promise<void> {
    this.variant = key;
    this.testSent = null;
    await this.load();
  }

  async load(contactId: string | null = this.contactId): Promise<void> {
    this.contactId = contactId;
    this.loading = true;
    try {
      this.result = await this.#api.insights.campaigns.preview(this.campaignId, { contactId: contactId ?? undefined, variant: this.variant ?? undefined });
      this.error = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  async testSend(to: string): Promise<boolean> {
    this.testSent = null;
    try {
      this.testSent = await this.#api.insights.campaigns.testSend(this.campaignId, to.trim(), this.variant ?? undefined);
      this.testError = null;
      return true;
    } catch (error) {
      this.testError = error;
      return false;
    }
  }
}
