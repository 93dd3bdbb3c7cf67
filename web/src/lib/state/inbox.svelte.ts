// The conversation list: the chosen view, keyset pages, live counts and the selected conversation.
import type { Api, CannedResponse, ConversationCounts, ConversationItem, Label, Team, Channel, User } from '../api';
import { byActivity, filterForView, matchesFilter, type ViewKey } from './inbox-views';
import { KeysetList } from './keyset-list.svelte';

export class InboxState extends KeysetList<ConversationItem> {
  view = $state<ViewKey>('all');
  /** Free text the server matches against contact names and messages, on top of the view. */
  query = $state('');
  counts = $state<ConversationCounts | null>(null);
  selectedId = $state<string | null>(null);
  channels = $state<Channel[]>([]);
  labels = $state<Label[]>([]);
  teams = $state<Team[]>([]);
  canned = $state<CannedResponse[]>([]);
  users = $state<User[]>([]);
  /** Set once the channel list has been read: until then an empty list says nothing. */
  #channelsRead = $state(false);
  /** No channel connected and no conversation ever: the inbox shows its first steps rather than an empty pane. */
  newWorkspace = $derived(this.#channelsRead && this.channels.length === 0 && this.counts !== null && Object.values(this.counts.byStatus).every((count) => count === 0));
  filter = $derived({ ...filterForView(this.view), q: this.query.trim() || undefined });
  selected = $derived(this.items.find((item) => item.id === this.selectedId) ?? null);
  #api: Api;
  #userId: () => string | null;
  #canAnswer: () => boolean;
  #countsTimer: ReturnType<typeof setTimeout> | null = null;
  #queryTimer: ReturnType<typeof setTimeout> | null = null;

  /** `canAnswer`: whether the user answers conversations (agents and admins); only they read the canned responses. */
  constructor(api: Api, userId: () => string | null, canAnswer: () => boolean = () => true) {
    super();
    this.#api = api;
    this.#userId = userId;
    this.#canAnswer = canAnswer;
  }

  protected fetchPage(cursor: string | null) {
    return this.#api.conversations.list(this.filter, cursor);
  }

  async setView(view: ViewKey) {
    this.view = view;
    await this.load();
  }

  filterText(query: string, delayMs = 250) {
    this.query = query;
    if (this.#queryTimer) clearTimeout(this.#queryTimer);
    this.#queryTimer = setTimeout(() => void this.load(), delayMs);
  }

  async loadCounts() {
    try {
      this.counts = await this.#api.conversations.counts();
    } catch (error) {
      this.error ??= error;
    }
  }

  /** Bursts of realtime events trigger one counts request, not dozens. */
  scheduleCounts(delayMs = 300) {
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    this.#countsTimer = setTimeout(() => {
      this.#countsTimer = null;
      void this.loadCounts();
    }, delayMs);
  }

  /** Sidebar names for channels, labels and teams, plus canned responses and people to assign; each is optional (an agent may not list channels). */
  async loadFacets() {
    const [channels, labels, teams, canned, users] = await Promise.allSettled([
      this.#api.admin.channels.list(),
      this.#api.admin.labels.list(),
      this.#api.admin.teams.list(),
      this.#canAnswer() ? this.#api.admin.canned.list() : Promise.resolve([]),
      this.#api.admin.users.list(),
    ]);
    if (users.status === 'fulfilled') this.users = users.value;
    if (canned.status === 'fulfilled') this.canned = canned.value;
    if (channels.status === 'fulfilled') {
      this.channels = channels.value;
      this.#channelsRead = true;
    }
    if (labels.status === 'fulfilled') this.labels = labels.value;
    if (teams.status === 'fulfilled') this.teams = teams.value;
  }

  /** Refetch one conversation after a realtime event and place it where it now belongs. */
  /** The conversation as it now is, or null when it is gone or could not be read. */
  async refreshConversation(id: string): Promise<ConversationItem | null> {
    try {
      const item = await this.#api.conversations.get(id);
      this.upsert(item);
      return item;
    } catch (error) {
      if ((error as { status?: number }).status === 404) this.remove(id);
      return null;
    }
  }

  upsert(item: ConversationItem) {
    const rest = this.items.filter((existing) => existing.id !== item.id);
    // Text matching happens on the server; with a filter typed, only refresh rows it already returned.
    if (this.filter.q && rest.length === this.items.length) return;
    if (!matchesFilter(item, this.filter, this.#userId())) {
      // Keep the open conversation in view so an agent's own change doesn't yank it away.
      if (item.id !== this.selectedId) {
        this.items = rest;
        return;
      }
    }
    this.items = [...rest, item].sort(byActivity);
    // The agent is looking at this conversation, so what just arrived is already read.
    if (item.id === this.selectedId && item.unreadCount > 0) this.select(item.id);
  }

  remove(id: string) {
    this.items = this.items.filter((item) => item.id !== id);
  }

  select(id: string | null) {
    this.selectedId = id;
    const item = this.items.find((candidate) => candidate.id === id);
    if (item && item.unreadCount > 0) {
      item.unreadCount = 0;
      // Best effort: a failed read marker only leaves a badge, so it must not interrupt the agent.
      this.#api.conversations.markRead(item.id).catch(() => {});
    }
  }

  /** j/k navigation: returns the id now selected, or null at the ends. */
  neighbour(delta: 1 | -1): string | null {
    const index = this.items.findIndex((item) => item.id === this.selectedId);
    const next = this.items[index === -1 ? 0 : index + delta];
    return next?.id ?? null;
  }
}
