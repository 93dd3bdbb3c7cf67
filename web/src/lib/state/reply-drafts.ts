// Unsent replies and notes, one per conversation and user, kept in this browser until sent or emptied: opening another
// conversation or reloading the page loses nothing. Signing out forgets them all (the computer may be shared).

export interface ReplyDraft {
  text: string;
  mode: 'reply' | 'note';
}

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'ulak.draft.';
const keyOf = (userId: string, conversationId: string) => `${PREFIX}${userId}.${conversationId}`;
/** A draft left this long is a draft abandoned. */
const KEPT_MS = 30 * 86_400_000;

export class ReplyDrafts {
  #storage: DraftStorage | null;
  #now: () => number;

  constructor(storage: DraftStorage | null = typeof localStorage === 'undefined' ? null : localStorage, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
  }

  read(userId: string, conversationId: string): ReplyDraft | null {
    const key = keyOf(userId, conversationId);
    try {
      const saved = JSON.parse(this.#storage?.getItem(key) ?? 'null') as (ReplyDraft & { savedAt: number }) | null;
      if (!saved || typeof saved.text !== 'string') return null;
      if (this.#now() - saved.savedAt > KEPT_MS) {
        this.#storage?.removeItem(key);
        return null;
      }
      return { text: saved.text, mode: saved.mode === 'note' ? 'note' : 'reply' };
    } catch {
      return null;
    }
  }

  /** Keeps the draft; an empty one (sent, or wiped by the agent) is forgotten. */
  write(userId: string, conversationId: string, draft: ReplyDraft): void {
    const key = keyOf(userId, conversationId);
    try {
      if (draft.text.trim()) this.#storage?.setItem(key, JSON.stringify({ ...draft, savedAt: this.#now() }));
      else this.#storage?.removeItem(key);
    } catch {
      // Storage full or refused (private mode): the draft then lasts as long as the composer shows it.
    }
  }

  forgetAll(): void {
    if (!this.#storage) return;
    const keys = Array.from({ length: this.#storage.length }, (_, i) => this.#storage!.key(i)).filter((key) => key?.startsWith(PREFIX));
    for (const key of keys) this.#storage.removeItem(key!);
  }
}
