// A contact's profile: load, edit fields and attributes, preview and perform a merge.
import type { Api, ContactPatch, ContactProfile } from '../api';

export class ProfileState {
  contact = $state<ContactProfile | null>(null);
  loading = $state(false);
  saving = $state(false);
  error = $state<unknown>(null);
  mergePreview = $state<ContactProfile | null>(null);
  #api: Api;
  #id: string | null = null;

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
    this.mergePreview = null;
    await this.refresh();
  }

  async refresh() {
    const id = this.#id;
    if (!id) return;
    this.loading = true;
    this.error = null;
    try {
      const contact = await this.#api.contacts.get(id);
      if (this.#id === id) this.contact = contact;
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
    this.error = null;
    try {
      const updated = await this.#api.contacts.update(id, patch);
      // The server answers with the whole profile as stored (attributes merged), which replaces ours.
      if (this.#id === id && this.contact) this.contact = { ...this.contact, ...updated };
      return true;
    } catch (error) {
      this.error = error;
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Attributes are patched key by key on the server, so only the changed key is sent. */
  setAttribute(key: string, value: unknown) {
    return this.save({ attributes: { [key]: value } });
  }

  /** A null value is how the API removes an attribute. */
  removeAttribute(key: string) {
    return this.save({ attributes: { [key]: null } });
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

  async merge(fromId: string): Promise<boolean> {
    if (!this.#id) return false;
    this.error = null;
    try {
      await this.#api.contacts.merge(this.#id, fromId);
      this.mergePreview = null;
      await this.refresh();
      return true;
    } catch (error) {
      this.error = error;
      return false;
    }
  }
}
