// A signed-out app over a fake API with one conversation from Ayşe, for tests that render the whole App.
import { makeApp } from './render';
import { conversation, message } from './fake-server';

export const admin = { id: 'u1', email: 'ada@example.com', name: 'Ada', roles: ['admin'], locale: 'en' as const };

export function inboxWorld(extraRoutes: Parameters<typeof makeApp>[0] = {}) {
  let users = 0;
  const conversations = [conversation({ id: 'c1', contact: { id: 'p1', name: 'Ayşe', identities: [] }, lastMessage: { text: 'Kargom nerede?', direction: 'in', at: '2026-11-20T10:00:00Z' } })];
  const messages: Record<string, ReturnType<typeof message>[]> = { c1: [message({ id: 'm1', conversationId: 'c1', text: 'Kargom nerede?' })] };
  const made = makeApp({
    'GET /api/auth/session': () => (users ? { user: admin, csrfToken: 't1', needsSetup: false } : { user: null, csrfToken: null, needsSetup: true }),
    'POST /api/setup': () => {
      users++;
      return { status: 201, body: { user: admin, csrfToken: 't1' } };
    },
    'GET /api/conversations': () => ({ items: conversations, nextCursor: null }),
    'GET /api/conversations/counts': () => ({
      all: conversations.length,
      mine: 0,
      unassigned: conversations.length,
      byStatus: { open: conversations.length, pending: 0, snoozed: 0, resolved: 0 },
      byChannel: {},
      byLabel: {},
      byTeam: {},
    }),
    'GET /api/conversations/:id/messages': (r) => ({ items: messages[r.path.split('/')[3]] ?? [], nextCursor: null }),
    'GET /api/conversations/:id': (r) => ({ ...conversations.find((c) => c.id === r.path.split('/')[3])!, contactId: 'p1' }),
    'PATCH /api/me': (r) => ({ user: { ...admin, ...r.body } }),
    'GET /api/channels': () => [],
    'GET /api/labels': () => [],
    'GET /api/teams': () => [],
    'GET /api/canned-responses': () => [],
    ...extraRoutes,
  });
  return { ...made, conversations, messages };
}
