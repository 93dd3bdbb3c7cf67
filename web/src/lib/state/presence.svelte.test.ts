import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api, PresenceState } from '../api';
import { HEARTBEAT_MS, PresenceBoard } from './presence.svelte';

function recordingApi() {
  const sent: Array<[string, PresenceState]> = [];
  const api = { bulk: { presence: async (id: string, state: PresenceState) => (sent.push([id, state]), { items: [] }) } } as unknown as Api;
  return { api, sent };
}

describe('PresenceBoard', () => {
  afterEach(() => vi.useRealTimers());

  it('says viewing on open, typing once per burst, keeps a heartbeat, and left when moving on', () => {
    vi.useFakeTimers();
    let now = 0;
    const { api, sent } = recordingApi();
    const board = new PresenceBoard(api, () => now);
    board.open('c1');
    board.typing();
    board.typing();
    now += HEARTBEAT_MS;
    vi.advanceTimersByTime(HEARTBEAT_MS);
    board.open('c2');
    expect(sent).toEqual([
      ['c1', 'viewing'],
      ['c1', 'typing'],
      ['c1', 'viewing'],
      ['c1', 'left'],
      ['c2', 'viewing'],
    ]);
    board.leave();
  });

  it("shows other agents' events for the open conversation only", () => {
    const board = new PresenceBoard(recordingApi().api);
    board.open('c1');
    board.apply({ type: 'presence', conversationId: 'c1', userId: 'u1', userName: 'Ayşe', state: 'typing', at: '2026-06-15T10:00:00.000Z' });
    board.apply({ type: 'presence', conversationId: 'c2', userId: 'u2', userName: 'Can', state: 'viewing', at: '2026-06-15T10:00:00.000Z' });
    expect(board.others).toEqual([{ userId: 'u1', userName: 'Ayşe', state: 'typing', expiresAt: '2026-06-15T10:00:30.000Z' }]);
    board.apply({ type: 'presence', conversationId: 'c1', userId: 'u1', userName: 'Ayşe', state: 'left', at: '2026-06-15T10:00:05.000Z' });
    expect(board.others).toEqual([]);
    board.leave();
  });
});
