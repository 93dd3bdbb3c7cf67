// The admin's form for the workspace's model: load, save (the key only when typed), and a test that names what failed.
import { ApiError, type AiSettingsInput, type AiTestResult, type Api } from '../api';
import { attempt } from './attempt';

export class AiSettingsForm {
  enabled = $state(false);
  baseUrl = $state('');
  model = $state('');
  maskPii = $state(true);
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
  #onSaved: (enabled: boolean) => void;

  constructor(api: Api, onSaved: (enabled: boolean) => void = () => {}) {
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
    const input: AiSettingsInput = { enabled: this.enabled, baseUrl: this.baseUrl.trim(), model: this.model.trim(), maskPii: this.maskPii };
    if (this.apiKey) input.apiKey = this.apiKey;
    else if (this.removeKey) input.apiKey = '';
    const ok = await attempt(this, async () => {
      this.#show(await this.#api.assist.saveSettings(input));
      this.saved = true;
      this.#onSaved(this.enabled);
    });
    this.saving = false;
    return ok;
  }

  /** Tests what is saved: the server calls the model, so unsaved edits are saved first. */
  async runTest() {
    this.testing = true;
    this.test = null;
    try {
      if (await this.save()) this.test = await this.#api.assist.test();
    } catch (error) {
      // 409 ai_not_configured and the like come as errors; shown the same way as a failed call.
      this.test = error instanceof ApiError ? { ok: false, error: { code: error.code, message: error.message } } : null;
      if (!this.test) this.error = error;
    } finally {
      this.testing = false;
    }
  }

  #show(view: { enabled: boolean; baseUrl: string; model: string; maskPii: boolean; apiKeySet: boolean }) {
    this.enabled = view.enabled;
    this.baseUrl = view.baseUrl;
    this.model = view.model;
    this.maskPii = view.maskPii;
    this.keySet = view.apiKeySet;
    this.apiKey = '';
    this.removeKey = false;
  }
}
