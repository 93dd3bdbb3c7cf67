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

  apply(signal: PresenceSignal): void {
    let users = this.#byConversation.get(signal.conversationId);
    if (signal.state === 'left') {
      users?.delete(signal.userId);
      if (users?.size === 0) this.#byConversation.delete(signal.conversationId);
      return;
    }
    if (!users) this.#byConversation.set(signal.conversationId, (users = new Map()));
    const known = users.get(signal.userId);
    // Signals can arrive out of order across processes: an older one never overwrites a newer.
    if (!known || known.at <= signal.at) users.set(signal.userId, signal);
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
    return out.sort((a, b) => a.userName.localeCompare(b.userName));
  }
}

export function parsePresenceSignal(payload: string): PresenceSignal | undefined {
  try {
    const s = JSON.parse(payload) as Partial<PresenceSignal>;
    if (typeof s.conversationId !== 'string' || typeof s.userId !== 'string' || typeof s.userName !== 'string' || typeof s.at !== 'string') return undefined;
    if (!PRESENCE_STATES.includes(s.state as PresenceState)) return undefined;
    return s as PresenceSignal;
  } catch {
    return undefined;
  }
}
