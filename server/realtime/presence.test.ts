// The presence board: the latest heartbeat of each agent counts, whatever order the processes' signals arrive in.
import { describe, expect, it } from 'vitest';
import { PRESENCE_TTL_MS, PresenceBoard, parsePresenceNotice, type PresenceSignal } from './presence.ts';

const conversationId = 'c1';
const at = (ms: number) => new Date(Date.parse('2026-06-15T10:00:00Z') + ms).toISOString();
const signal = (state: PresenceSignal['state'], ms: number, userId = 'u1'): PresenceSignal => ({ conversationId, userId, userName: userId, state, at: at(ms) });

describe('presence board', () => {
  it('keeps an agent gone when a heartbeat sent before "left" arrives after it', () => {
    const board = new PresenceBoard();
    board.apply(signal('viewing', 0));
    board.apply(signal('left', 1_000));
    board.apply(signal('viewing', 500));
    expect(board.list(conversationId, new Date(at(1_000)))).toEqual([]);
    board.apply(signal('viewing', 2_000));
    expect(board.list(conversationId, new Date(at(2_000))).map((p) => p.state)).toEqual(['viewing']);
  });

  it('forgets heartbeats once expired, also in conversations nobody asks about again', () => {
    const board = new PresenceBoard();
    board.apply(signal('viewing', 0));
    board.apply(signal('viewing', 0, 'u2'));
    board.apply(signal('left', 0, 'u2'));
    expect(board.list(conversationId, new Date(at(PRESENCE_TTL_MS - 1))).map((p) => p.userId)).toEqual(['u1']);
    board.apply({ ...signal('viewing', PRESENCE_TTL_MS + 1), conversationId: 'c2' });
    expect(board.list(conversationId, new Date(at(0)))).toEqual([]);
  });
});

describe('presence notices between processes', () => {
  it('carries the signal and its sender, and nothing else', () => {
    const sent = signal('typing', 0);
    expect(parsePresenceNotice(JSON.stringify({ signal: { ...sent, extra: 1 }, origin: 'p1' }))).toEqual({ signal: sent, origin: 'p1' });
  });

  it('drops what is not a notice', () => {
    for (const payload of ['', 'null', '{}', JSON.stringify({ signal: signal('viewing', 0) }), JSON.stringify({ signal: { ...signal('viewing', 0), state: 'dancing' }, origin: 'p1' })]) {
      expect(parsePresenceNotice(payload)).toBeUndefined();
    }
  });
});
