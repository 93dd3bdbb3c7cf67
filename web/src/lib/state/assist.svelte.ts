// Help for the agent in the open conversation: reply suggestions (no model), and the workspace's model streaming
// drafts, summaries and translations. Any failure leaves the composer as it was, with a message; nothing is ever sent.
import { ApiError, type Api, type AssistRequest, type AssistTask, type Suggestion } from '../api';

/** Whether the model settings let a user with `myRoles` use the model now. */
export const modelOpenTo = (settings: { enabled: boolean; roles: readonly string[] }, myRoles: readonly string[]) => settings.enabled && settings.roles.some((role) => myRoles.includes(role));

export interface Translation {
  /** The words translated: a message's text, or the agent's draft as it was when asked. */
  original: string;
  text: string;
  done: boolean;
}

export class AssistState {
  suggestions = $state<Suggestion[]>([]);
  /** Whether this user may use the workspace's model: read when a conversation opens, and false again once the server refuses a call (409 ai_disabled, 403 ai_not_permitted). The buttons show only while true. */
  available = $state(false);
  /** The task streaming now; one at a time, so one stop button is enough. */
  running = $state<AssistTask | null>(null);
  /** Which message a running translation is for (`draft` for the composer's text). */
  runningFor = $state<string | null>(null);
  error = $state<unknown>(null);
  summary = $state<string | null>(null);
  /** By message id; `draft` holds the composer's text and its translation. */
  translations = $state<Record<string, Translation>>({});
  #api: Api;
  #conversationId: string | null = null;
  /** The customer message the suggestions answer, so a refresh without a new one does not fetch again. */
  #suggestedFor: string | null = null;
  #controller: AbortController | null = null;

  constructor(api: Api) {
    this.#api = api;
  }

  /** Asks whether the model is on and open to one of this user's roles (any role may ask). */
  async readAvailability() {
    try {
      this.available = (await this.#api.assist.availability()).available;
    } catch {
      // Unreachable for a moment: the buttons stay as they were; a call the server refuses takes them away.
    }
  }

  /** Another conversation opened: whatever was shown belonged to the last one. */
  reset(conversationId: string | null) {
    if (conversationId === this.#conversationId) return;
    this.stop();
    this.#conversationId = conversationId;
    this.#suggestedFor = null;
    this.suggestions = [];
    this.summary = null;
    this.translations = {};
    this.error = null;
  }

  /** For the customer's latest message; called again when it changes (realtime brings a new one). */
  async loadSuggestions(conversationId: string, latestInboundId: string | null) {
    this.reset(conversationId);
    if (!latestInboundId || latestInboundId === this.#suggestedFor) return;
    this.#suggestedFor = latestInboundId;
    try {
      const { items } = await this.#api.assist.suggestions(conversationId);
      if (this.#conversationId === conversationId && this.#suggestedFor === latestInboundId) this.suggestions = items.slice(0, 3);
    } catch {
      // Suggestions are a help, not the work: without them the composer is exactly as before.
      if (this.#suggestedFor === latestInboundId) this.#suggestedFor = null;
    }
  }

  /** The suggestion's text to insert, its pick recorded so it ranks higher next time; null when there is none. */
  pick(index: number): string | null {
    const item = this.suggestions[index];
    const id = this.#conversationId;
    if (!item || !id) return null;
    void this.#api.assist.picked(id, item.id).catch(() => {});
    return item.text;
  }

  /** Streams a reply draft; `onText` gets the whole draft so far after each piece. Resolves with it, or null. */
  draft(onText: (text: string) => void): Promise<string | null> {
    return this.#run({ task: 'draft' }, null, onText);
  }

  summarise(): Promise<string | null> {
    this.summary = '';
    return this.#run({ task: 'summary' }, null, (text) => (this.summary = text));
  }

  /** A customer's (or an agent's) stored message, into the other side's language. */
  translate(messageId: string, original: string): Promise<string | null> {
    this.translations[messageId] = { original, text: '', done: false };
    return this.#run({ task: 'translate', messageId }, messageId, (text) => (this.translations[messageId] = { original, text, done: false }));
  }

  /** The agent's unsent draft into the customer's language, shown beside it before sending. */
  translateDraft(draft: string): Promise<string | null> {
    this.translations.draft = { original: draft, text: '', done: false };
    return this.#run({ task: 'translate', text: draft }, 'draft', (text) => (this.translations.draft = { original: draft, text, done: false }));
  }

  dismissTranslation(key: string) {
    delete this.translations[key];
  }

  /** The stop button: the stream ends, what arrived so far stays where it is. */
  stop() {
    this.#controller?.abort();
    this.#controller = null;
  }

  async #run(request: AssistRequest, target: string | null, onText: (text: string) => void): Promise<string | null> {
    const id = this.#conversationId;
    if (!id || this.running) return null;
    this.stop();
    const controller = new AbortController();
    this.#controller = controller;
    this.running = request.task;
    this.runningFor = target;
    this.error = null;
    let sofar = '';
    try {
      const whole = await this.#api.assist.stream(
        id,
        request,
        (piece) => {
          if (this.#conversationId !== id || controller.signal.aborted) return;
          sofar += piece;
          onText(sofar);
        },
        controller.signal,
      );
      if (this.#conversationId !== id) return null;
      // A model that streams nothing but blank space gave no answer worth keeping.
      if (!whole.trim()) throw new ApiError(502, 'ai_empty_answer', 'The model answered with no text');
      onText(whole);
      if (target) this.translations[target] = { ...this.translations[target], text: whole, done: true };
      return whole;
    } catch (error) {
      if (this.#conversationId !== id) return null;
      // Turned off, or closed to this agent's roles, since the page loaded: the buttons go, and the agent is told why once.
      if (error instanceof ApiError && (error.code === 'ai_disabled' || error.code === 'ai_not_permitted')) this.available = false;
      if (!(error instanceof ApiError && error.code === 'aborted')) this.error = error;
      if (target && this.translations[target]) {
        if (sofar) this.translations[target] = { ...this.translations[target], done: true };
        else delete this.translations[target];
      }
      if (request.task === 'summary' && !sofar) this.summary = null;
      return null;
    } finally {
      if (this.#controller === controller) this.#controller = null;
      if (this.#conversationId === id) {
        this.running = null;
        this.runningFor = null;
      }
    }
  }
}
