// A contact's profile: load, edit fields and attributes, find a contact to merge in, preview, perform and undo the merge.
import type { Api, ContactOrder, ContactPatch, ContactProfile, ContactSummary, MergePreview } from '../api';
import { attempt } from './attempt';

/** How many of a buyer's latest orders the profile shows. */
export const LATEST_ORDERS = 5;

export class ProfileState {
  contact = $state<ContactProfile | null>(null);
  /** The buyer's latest orders with their items; empty for a contact who never ordered. */
  orders = $state<ContactOrder[]>([]);
  loading = $state(false);
  saving = $state(false);
  error = $state<unknown>(null);
  mergePreview = $state<MergePreview | null>(null);
  /** Contacts matching what the agent typed into the merge search; never this contact itself. */
  mergeCandidates = $state<ContactSummary[]>([]);
  mergeSearching = $state(false);
  /** The merge just made here, which an admin can undo while this profile stays open. */
  lastMerge = $state<{ mergeId: string; fromLabel: string | null } | null>(null);
  /** Counts merges and undos, so a list showing contacts knows to reload. */
  changes = $state(0);
  #api: Api;
  #id: string | null = null;
  #mergeTimer: ReturnType<typeof setTimeout> | null = null;
  #mergeQuery = '';

  constructor(api: Api) {
    this.#api = api;
  }

  get id() {
    return this.#id;
  }

  async open(id: string) {
    if (this.#id === id && this.contact) return;
    this.#id = id;
    this.contact = null;
    this.orders = [];
    this.lastMerge = null;
    this.clearMerge();
    await this.refresh();
  }

  async refresh() {
    const id = this.#id;
    if (!id) return;
    this.loading = true;
    this.error = null;
    try {
      const contact = await this.#api.contacts.get(id);
      const orders = contact.value?.orders ? (await this.#api.contacts.orders(id, LATEST_ORDERS)).items : [];
      if (this.#id === id) [this.contact, this.orders] = [contact, orders];
    } catch (error) {
      if (this.#id === id) this.error = error;
    } finally {
      if (this.#id === id) this.loading = false;
    }
  }

  async save(patch: ContactPatch): Promise<boolean> {
    const id = this.#id;
    if (!id) return false;
    this.saving = true;
    const ok = await attempt(this, async () => {
      const updated = await this.#api.contacts.update(id, patch);
      // The server answers with the whole profile as stored (attributes merged), which replaces ours.
      if (this.#id === id && this.contact) this.contact = { ...this.contact, ...updated };
    });
    this.saving = false;
    return ok;
  }

  /** Attributes are patched key by key on the server, so only the changed key is sent. */
  setAttribute(key: string, value: NonNullable<ContactPatch['attributes']>[string]) {
    return this.save({ attributes: { [key]: value } });
  }

  /** A null value is how the API removes an attribute. */
  removeAttribute(key: string) {
    return this.save({ attributes: { [key]: null } });
  }

  /** Search as you type (debounced); answers to a query the agent has already replaced are dropped. */
  findMergeCandidates(query: string, delayMs = 200) {
    this.#mergeQuery = query;
    if (this.#mergeTimer) clearTimeout(this.#mergeTimer);
    if (!query.trim()) {
      this.mergeCandidates = [];
      this.mergeSearching = false;
      return;
    }
    this.mergeSearching = true;
    this.#mergeTimer = setTimeout(() => void this.#searchCandidates(query), delayMs);
  }

  async #searchCandidates(query: string) {
    try {
      const page = await this.#api.contacts.list({ q: query.trim() });
      if (this.#mergeQuery === query) this.mergeCandidates = page.items.filter((c) => c.id !== this.#id);
    } catch (error) {
      if (this.#mergeQuery === query) this.error = error;
    } finally {
      if (this.#mergeQuery === query) this.mergeSearching = false;
    }
  }

  clearMerge() {
    if (this.#mergeTimer) clearTimeout(this.#mergeTimer);
    this.#mergeQuery = '';
    this.mergeCandidates = [];
    this.mergeSearching = false;
    this.mergePreview = null;
  }

  async previewMerge(fromId: string) {
    if (!this.#id) return;
    this.error = null;
    try {
      this.mergePreview = await this.#api.contacts.mergePreview(this.#id, fromId);
    } catch (error) {
      this.error = error;
    }
  }

  async merge(fromId: string, fromLabel: string | null = null): Promise<boolean> {
    const intoId = this.#id;
    if (!intoId) return false;
    return attempt(this, async () => {
      const { mergeId } = await this.#api.contacts.merge(intoId, fromId);
      this.lastMerge = { mergeId, fromLabel };
      this.changes++;
      this.clearMerge();
      await this.refresh();
    });
  }

  /** Puts both contacts back as they were before the last merge (the server allows it to admins). */
  async undoMerge(): Promise<boolean> {
    const merge = this.lastMerge;
    if (!merge) return false;
    return attempt(this, async () => {
      await this.#api.contacts.revertMerge(merge.mergeId);
      this.lastMerge = null;
      this.changes++;
      await this.refresh();
    });
  }
}
