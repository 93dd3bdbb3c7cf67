// Who else is viewing or typing in the open conversation, and this agent's own heartbeat to the others.
import type { Api, Presence, PresenceState as PresenceKind, RealtimeEvent } from '../api';

/** Well inside the server's 30 s expiry, so one lost heartbeat does not make an agent vanish. */
export const HEARTBEAT_MS = 10_000;
/** Typing counts for this long after the last key. */
const TYPING_MS = 6_000;
const TTL_MS = 30_000;

export class PresenceBoard {
  others = $state<Presence[]>([]);
  #conversationId: string | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #typingUntil = 0;
  #api: Api;
  #now: () => number;

  constructor(api: Api, now: () => number = Date.now) {
    this.#api = api;
    this.#now = now;
  }

  /** Starts announcing "viewing" for this conversation (and "left" for the one before). */
  open(conversationId: string) {
    if (conversationId === this.#conversationId) return;
    this.leave();
    this.#conversationId = conversationId;
    this.#beat('viewing');
    this.#timer = setInterval(() => this.#beat(this.#now() < this.#typingUntil ? 'typing' : 'viewing'), HEARTBEAT_MS);
  }

  /** A key in the composer: says "typing" at once, then at most once per heartbeat. */
  typing() {
    const already = this.#now() < this.#typingUntil;
    this.#typingUntil = this.#now() + TYPING_MS;
    if (!already) this.#beat('typing');
  }

  leave() {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#conversationId) this.#send(this.#conversationId, 'left');
    this.#conversationId = null;
    this.#typingUntil = 0;
    this.others = [];
  }

  /** A presence event from another agent. */
  apply(event: RealtimeEvent) {
    if (event.type !== 'presence' || event.conversationId !== this.#conversationId || !event.userId) return;
    const rest = this.others.filter((p) => p.userId !== event.userId);
    if (event.state === 'left' || !event.state) this.others = rest;
    else this.others = [...rest, { userId: event.userId, userName: event.userName ?? '', state: event.state, expiresAt: new Date(Date.parse(event.at ?? '') + TTL_MS).toISOString() }];
  }

  #beat(state: PresenceKind) {
    const id = this.#conversationId;
    if (id) this.#send(id, state);
  }

  #send(id: string, state: PresenceKind) {
    // Best effort: presence is a courtesy, so a failed heartbeat never interrupts the agent.
    this.#api.bulk
      .presence(id, state)
      .then((answer) => {
        if (state !== 'left' && id === this.#conversationId) this.others = answer.items;
      })
      .catch(() => {});
  }
}
