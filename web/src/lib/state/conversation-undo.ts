// What Undo puts back after an agent changed conversations. A bulk action or a macro puts each conversation back whole
// (status, snooze, assignee, labels) through the server's one restore; a resolve or snooze puts back only the status it
// changed, and returns to the conversation, as undoing an archive does in mail.
import type { BulkResult, ConversationDetail, ConversationPatch } from '../api/types';
import type { AppState } from './app-state.svelte';
import type { BulkSelection } from './bulk-selection.svelte';

export type ConversationState = BulkResult['previous'][number];
export type StatusBefore = Pick<ConversationState, 'id' | 'snoozedUntil'> & { status: ConversationPatch['status'] };

/** The conversation's status, snooze, assignee and labels as they are now. */
export const stateOf = (conversation: ConversationDetail): ConversationState => ({
  id: conversation.id,
  status: conversation.status,
  snoozedUntil: conversation.snoozedUntil ?? null,
  assigneeId: conversation.assignee?.id ?? null,
  labels: [...conversation.labels],
});

interface Screen {
  /** The conversation open on screen, if any. */
  openId(): string | null;
  open(id: string): void;
}

export class ConversationUndo {
  readonly #app: Pick<AppState, 'api' | 'inbox' | 'thread'>;
  readonly #selection: BulkSelection;
  readonly #screen: Screen;

  constructor(app: Pick<AppState, 'api' | 'inbox' | 'thread'>, selection: BulkSelection, screen: Screen) {
    this.#app = app;
    this.#selection = selection;
    this.#screen = screen;
  }

  /** Each conversation back as it was before a bulk action or a macro. */
  async putBack(previous: ConversationState[]) {
    const { inbox, thread } = this.#app;
    try {
      await this.#selection.restore({ previous });
      await inbox.load();
      inbox.scheduleCounts(0);
      const openId = this.#screen.openId();
      if (openId && previous.some((state) => state.id === openId)) void thread.refresh();
    } catch (error) {
      inbox.error = error;
    }
  }

  /** The status as it was before a resolve or snooze, and the agent back in that conversation. */
  async restoreStatus(before: StatusBefore) {
    const { api, inbox, thread } = this.#app;
    try {
      const restored = await api.conversations.update(before.id, { status: before.status, snoozedUntil: before.status === 'snoozed' ? before.snoozedUntil : null });
      inbox.upsert(restored);
      inbox.scheduleCounts(0);
      if (this.#screen.openId() === before.id) void thread.open(before.id);
      else this.#screen.open(before.id);
    } catch (error) {
      inbox.error = error;
    }
  }
}
