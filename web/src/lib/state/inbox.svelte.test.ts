import { describe, expect, it } from 'vitest';
import { InboxState } from './inbox.svelte';
import { conversation, fakeServer } from '../../test/fake-server';

function pages(total: number, pageSize = 50) {
  const all = Array.from({ length: total }, (_, i) => conversation({ id: `c${i}`, lastActivityAt: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString() }));
  return (request: { query: URLSearchParams }) => {
    const start = Number(request.query.get('cursor') ?? 0);
    const end = start + pageSize;
    return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
  };
}

describe('InboxState', () => {
  it('asks for the open conversations assigned to me in the "mine" view', async () => {
    const server = fakeServer({ 'GET /api/conversations': () => ({ items: [], nextCursor: null }) });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.setView('mine');
    const query = server.calls[0].query;
    expect(query.get('status')).toBe('open');
    expect(query.get('assignee')).toBe('me');
  });

  it('reads canned responses only for a user who answers conversations', async () => {
    const canned = [{ id: 'r1', shortCode: 'hi', content: 'Merhaba', updatedAt: '2026-01-01T00:00:00.000Z' }];
    const server = fakeServer({ 'GET /api/canned-responses': () => canned });
    await new InboxState(
      server.api,
      () => 'u1',
      () => false,
    ).loadFacets();
    expect(server.calls.map((c) => c.path)).not.toContain('/api/canned-responses');
    const agent = new InboxState(
      server.api,
      () => 'u1',
      () => true,
    );
    await agent.loadFacets();
    expect(agent.canned.map((c) => c.shortCode)).toEqual(['hi']);
  });

  it('loads the next keyset page with the cursor and appends it', async () => {
    const server = fakeServer({ 'GET /api/conversations': pages(120) });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    expect(inbox.items).toHaveLength(50);
    await inbox.loadMore();
    await inbox.loadMore();
    expect(inbox.items).toHaveLength(120);
    expect(inbox.nextCursor).toBeNull();
    expect(server.calls.map((c) => c.query.get('cursor'))).toEqual([null, '50', '100']);
  });

  it('drops a conversation from the open view once it is resolved elsewhere', async () => {
    let current = conversation({ id: 'c1' });
    const server = fakeServer({
      'GET /api/conversations': () => ({ items: [current, conversation({ id: 'c2' })], nextCursor: null }),
      'GET /api/conversations/c1': () => current,
    });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    current = { ...current, status: 'resolved' };
    await inbox.refreshConversation('c1');
    expect(inbox.items.map((i) => i.id)).toEqual(['c2']);
  });

  it('moves a conversation with new activity to the top', async () => {
    const older = conversation({ id: 'old', lastActivityAt: '2026-01-01T00:00:00Z' });
    const newer = conversation({ id: 'new', lastActivityAt: '2026-01-02T00:00:00Z' });
    const server = fakeServer({
      'GET /api/conversations': () => ({ items: [newer, older], nextCursor: null }),
      'GET /api/conversations/old': () => ({ ...older, lastActivityAt: '2026-01-03T00:00:00Z', unreadCount: 1 }),
    });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    await inbox.refreshConversation('old');
    expect(inbox.items.map((i) => i.id)).toEqual(['old', 'new']);
    expect(inbox.items[0].unreadCount).toBe(1);
  });

  it('keeps the answer of the latest view when an older request lands late', async () => {
    let release: (() => void) | null = null;
    const server = fakeServer({
      'GET /api/conversations': async (request) => {
        if (request.query.get('assignee') === 'me') await new Promise<void>((resolve) => (release = resolve));
        return { items: [conversation({ id: request.query.get('assignee') ?? 'all' })], nextCursor: null };
      },
    });
    const inbox = new InboxState(server.api, () => 'u1');
    const slow = inbox.setView('mine');
    await inbox.setView('all');
    release!();
    await slow;
    expect(inbox.view).toBe('all');
    expect(inbox.items.map((i) => i.id)).toEqual(['all']);
  });

  it('marks a conversation read when it is selected', async () => {
    const server = fakeServer({
      'GET /api/conversations': () => ({ items: [conversation({ id: 'c1', unreadCount: 2 })], nextCursor: null }),
      'POST /api/conversations/c1/read': () => ({}),
    });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    inbox.select('c1');
    expect(inbox.items[0].unreadCount).toBe(0);
    expect(server.calls.some((c) => c.method === 'POST' && c.path === '/api/conversations/c1/read')).toBe(true);
  });

  it('keeps the failure for the UI to show instead of swallowing it', async () => {
    const server = fakeServer({ 'GET /api/conversations': () => ({ status: 500, body: { error: { code: 'internal', message: 'boom' } } }) });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    expect(inbox.error).toMatchObject({ status: 500 });
    expect(inbox.loading).toBe(false);
  });
});

describe('InboxState selection', () => {
  it('moves through the list with j/k neighbours and stops at the ends', async () => {
    const server = fakeServer({ 'GET /api/conversations': () => ({ items: ['a', 'b', 'c'].map((id) => conversation({ id })), nextCursor: null }) });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    expect(inbox.neighbour(1)).toBe('a');
    inbox.select('b');
    expect(inbox.neighbour(1)).toBe('c');
    expect(inbox.neighbour(-1)).toBe('a');
    inbox.select('c');
    expect(inbox.neighbour(1)).toBeNull();
  });

  it('marks the open conversation read again when a new message arrives in it', async () => {
    let unread = 0;
    const server = fakeServer({
      'GET /api/conversations': () => ({ items: [conversation({ id: 'c1' })], nextCursor: null }),
      'GET /api/conversations/c1': () => conversation({ id: 'c1', unreadCount: unread }),
      'POST /api/conversations/c1/read': () => ({ ok: true }),
    });
    const inbox = new InboxState(server.api, () => 'u1');
    await inbox.load();
    inbox.select('c1');
    unread = 1;
    await inbox.refreshConversation('c1');
    expect(inbox.items[0].unreadCount).toBe(0);
    expect(server.calls.filter((c) => c.path === '/api/conversations/c1/read')).toHaveLength(1);
  });
});

describe('InboxState text filter', () => {
  it('sends the typed text with the view and ignores brand-new conversations the server did not match', async () => {
    const server = fakeServer({
      'GET /api/conversations': (r) => ({ items: r.query.get('q') === 'kargo' ? [conversation({ id: 'match' })] : [], nextCursor: null }),
    });
    const inbox = new InboxState(server.api, () => 'u1');
    inbox.filterText('kargo', 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.calls.at(-1)!.query.get('status')).toBe('open');
    expect(inbox.items.map((i) => i.id)).toEqual(['match']);
    inbox.upsert(conversation({ id: 'other', lastActivityAt: '2030-01-01T00:00:00Z' }));
    expect(inbox.items.map((i) => i.id)).toEqual(['match']);
  });
});
