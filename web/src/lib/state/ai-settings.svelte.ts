// The admin's form for the workspace's model: load, save (the key only when typed), and a test that names what failed.
import { ApiError, type AiSettingsInput, type AiSettingsView, type AiTestResult, type Api } from '../api';
import { attempt } from './attempt';

export class AiSettingsForm {
  enabled = $state(false);
  baseUrl = $state('');
  model = $state('');
  maskPii = $state(true);
  /** The roles whose users may use the model. */
  roles = $state<AiSettingsView['roles']>(['admin', 'agent']);
  /** What the admin types; empty keeps the stored key. */
  apiKey = $state('');
  removeKey = $state(false);
  /** Whether a key is stored (its characters never come back). */
  keySet = $state(false);
  loaded = $state(false);
  saving = $state(false);
  saved = $state(false);
  testing = $state(false);
  test = $state<AiTestResult | null>(null);
  error = $state<unknown>(null);
  #api: Api;
  #onSaved: (saved: AiSettingsView) => void;

  constructor(api: Api, onSaved: (saved: AiSettingsView) => void = () => {}) {
    this.#api = api;
    this.#onSaved = onSaved;
  }

  async load() {
    this.error = null;
    try {
      this.#show(await this.#api.assist.settings());
      this.loaded = true;
    } catch (error) {
      this.error = error;
    }
  }

  async save(): Promise<boolean> {
    this.saving = true;
    this.saved = false;
    const input: AiSettingsInput = { enabled: this.enabled, baseUrl: this.baseUrl.trim(), model: this.model.trim(), maskPii: this.maskPii, roles: [...this.roles] };
    Object.assign(input, this.#keyChange());
    const ok = await attempt(this, async () => {
      const saved = await this.#api.assist.saveSettings(input);
      this.#show(saved);
      this.saved = true;
      this.#onSaved(saved);
    });
    this.saving = false;
    return ok;
  }

  /** Tests what the form holds, saved or not: nothing is saved, or turned on for anyone, until Save. */
  async runTest() {
    this.testing = true;
    this.test = null;
    try {
      this.test = await this.#api.assist.test({ baseUrl: this.baseUrl.trim(), model: this.model.trim(), ...this.#keyChange() });
    } catch (error) {
      // 409 ai_not_configured and the like come as errors; shown the same way as a failed call.
      this.test = error instanceof ApiError ? { ok: false, error: { code: error.code, message: error.message } } : null;
      if (!this.test) this.error = error;
    } finally {
      this.testing = false;
    }
  }

  /** Ticks or unticks one role in the list of those who may use the model. */
  toggleRole(role: AiSettingsView['roles'][number], allowed: boolean) {
    this.roles = allowed ? [...new Set([...this.roles, role])] : this.roles.filter((r) => r !== role);
  }

  /** The key typed, or its removal; nothing when the stored key stays. */
  #keyChange(): { apiKey?: string } {
    if (this.apiKey) return { apiKey: this.apiKey };
    return this.removeKey ? { apiKey: '' } : {};
  }

  #show(view: AiSettingsView) {
    this.enabled = view.enabled;
    this.roles = [...view.roles];
    this.baseUrl = view.baseUrl;
    this.model = view.model;
    this.maskPii = view.maskPii;
    this.keySet = view.apiKeySet;
    this.apiKey = '';
    this.removeKey = false;
  }
}
