// Who is signed in: decides between first-run setup, the login form and the app.
import type { Api, Limits, SessionPayload, User } from '../api';
import type { I18n } from '../i18n';
import { attempt } from './attempt';

export type SessionStatus = 'loading' | 'setup' | 'login' | 'ready' | 'offline';

export class Session {
  status = $state<SessionStatus>('loading');
  user = $state<User | null>(null);
  /** Server limits the UI checks before sending anything (attachment size). */
  limits = $state<Limits | null>(null);
  error = $state<unknown>(null);
  busy = $state(false);
  isAdmin = $derived(this.user?.roles.includes('admin') ?? false);
  isMarketer = $derived((this.user?.roles.includes('marketer') || this.user?.roles.includes('admin')) ?? false);
  /** Agents and admins answer conversations; a marketer only reads them (the API refuses their changes with 403). */
  canAnswer = $derived((this.user?.roles.includes('agent') || this.user?.roles.includes('admin')) ?? false);
  #api: Api;
  #i18n: I18n;
  #onLogout: () => void;

  /** `onLogout` forgets what this browser kept for the user (reply drafts); a session that merely expired keeps it. */
  constructor(api: Api, i18n: I18n, onLogout: () => void = () => {}) {
    this.#api = api;
    this.#i18n = i18n;
    this.#onLogout = onLogout;
    api.http.onUnauthorized = () => {
      if (this.status === 'ready') this.#signedOut();
    };
  }

  async init() {
    this.status = 'loading';
    this.error = null;
    try {
      const { user, csrfToken, limits, needsSetup } = await this.#api.auth.session();
      if (user) this.#signedIn({ user, csrfToken, limits });
      else this.status = needsSetup ? 'setup' : 'login';
    } catch (error) {
      this.error = error;
      this.status = 'offline';
    }
  }

  login(email: string, password: string) {
    return this.#run(() => this.#api.auth.login({ email, password }));
  }

  /** The first admin keeps the language the setup page is shown in. */
  setup(input: { email: string; password: string; name: string }) {
    return this.#run(() => this.#api.auth.setup({ ...input, locale: this.#i18n.locale }));
  }

  async logout() {
    try {
      await this.#api.auth.logout();
    } finally {
      this.#onLogout();
      this.#signedOut();
    }
  }

  async setLocale(locale: 'en' | 'tr') {
    this.#i18n.setLocale(locale);
    if (this.user) this.user = { ...this.user, locale };
    await this.#api.auth.updateMe({ locale });
  }

  async #run(call: () => Promise<SessionPayload>) {
    this.busy = true;
    const ok = await attempt(this, async () => this.#signedIn(await call()));
    this.busy = false;
    return ok;
  }

  #signedIn({ user, csrfToken, limits }: SessionPayload) {
    this.#api.http.setCsrfToken(csrfToken);
    this.user = user;
    this.limits = limits ?? null;
    this.#i18n.setLocale(user.locale);
    this.status = 'ready';
  }

  #signedOut() {
    this.#api.http.setCsrfToken(null);
    this.user = null;
    this.status = 'login';
  }
}
