// Who is viewing or typing in a conversation: ephemeral heartbeats, never stored, shared across processes by NOTIFY.
export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A heartbeat counts this long; clients send one about every 10 s while the conversation is open. */
export const PRESENCE_TTL_MS = 30_000;
export const PRESENCE_CHANNEL = 'ulak_presence';

export interface PresenceSignal {
  conversationId: string;
  userId: string;
  userName: string;
  state: PresenceState;
  /** When the server heard it (ISO); the signal expires PRESENCE_TTL_MS later. */
  at: string;
}

export interface Presence {
  userId: string;
  userName: string;
  state: Exclude<PresenceState, 'left'>;
  expiresAt: string;
}

/** This process's view of every conversation's presence, fed by every process's signals. */
export class PresenceBoard {
  #byConversation = new Map<string, Map<string, PresenceSignal>>();
  #sweptAt = 0;

  apply(signal: PresenceSignal): void {
    const at = Date.parse(signal.at);
    if (at - this.#sweptAt > PRESENCE_TTL_MS) this.#sweep(at);
    let users = this.#byConversation.get(signal.conversationId);
    if (!users) this.#byConversation.set(signal.conversationId, (users = new Map()));
    const known = users.get(signal.userId);
    // Signals can arrive out of order across processes: an older one never overwrites a newer. "left" is kept
    // (until it would have expired) for that reason, so a late "viewing" sent before it cannot bring the agent back.
    if (!known || known.at <= signal.at) users.set(signal.userId, signal);
  }

  /** Forgets what has expired everywhere, so conversations nobody asks about again do not accumulate. */
  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const conversationId of this.#byConversation.keys()) this.list(conversationId, new Date(now));
  }

  /** Who is in the conversation at `now`, expired heartbeats dropped. */
  list(conversationId: string, now: Date): Presence[] {
    const users = this.#byConversation.get(conversationId);
    if (!users) return [];
    const out: Presence[] = [];
    for (const [userId, s] of users) {
      const expiresAt = Date.parse(s.at) + PRESENCE_TTL_MS;
      if (expiresAt <= now.getTime()) users.delete(userId);
      else if (s.state !== 'left') out.push({ userId, userName: s.userName, state: s.state, expiresAt: new Date(expiresAt).toISOString() });
    }
    if (users.size === 0) this.#byConversation.delete(conversationId);
    return out.sort((a, b) => a.userName.localeCompare(b.userName));
  }
}

/** What travels between processes: the signal, and which process sent it (a process has applied its own already). */
export interface PresenceNotice {
  signal: PresenceSignal;
  origin: string;
}

export function parsePresenceNotice(payload: string): PresenceNotice | undefined {
  try {
    const { signal: s, origin } = JSON.parse(payload) as { signal?: Partial<PresenceSignal>; origin?: unknown };
    if (typeof origin !== 'string' || !s) return undefined;
    if (typeof s.conversationId !== 'string' || typeof s.userId !== 'string' || typeof s.userName !== 'string' || typeof s.at !== 'string') return undefined;
    if (!PRESENCE_STATES.includes(s.state as PresenceState)) return undefined;
    const { conversationId, userId, userName, state, at } = s as PresenceSignal;
    return { signal: { conversationId, userId, userName, state, at }, origin };
  } catch {
    return undefined;
  }
}
