import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/svelte';
import { makeApp } from '../../test/render';
import { contactProfile, conversation, message } from '../../test/fake-server';

describe('AppState realtime routing', () => {
  it('refetches only what an event names', async () => {
    const { app, server, sources } = makeApp({
      'GET /api/conversations/c9': () => conversation({ id: 'c9' }),
      'GET /api/conversations/counts': () => ({ all: 1, mine: 0, unassigned: 1, byStatus: { open: 1, pending: 0, snoozed: 0, resolved: 0 }, byChannel: {}, byLabel: {}, byTeam: {} }),
      'GET /api/channels': () => ({ items: [{ id: 'ch1', kind: 'sms', name: 'SMS', config: {} }] }),
    });
    app.realtime.start();
    sources[0].emit('message.created', { type: 'message.created', conversationId: 'c9', messageId: 'm1' });
    sources[0].emit('channel.updated', { type: 'channel.updated', channelId: 'ch1' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const paths = server.calls.map((c) => c.path);
    expect(paths).toContain('/api/conversations/c9');
    expect(paths).toContain('/api/conversations/counts');
    expect(paths).not.toContain('/api/conversations');
    expect(app.inbox.items.map((i) => i.id)).toEqual(['c9']);
    expect(app.inbox.channels.map((c) => c.name)).toEqual(['SMS']);
    app.realtime.stop();
    expect(sources[0].closed).toBe(true);
  });

  it('shows a customer message in an existing conversation live and alerts the agent who asked for it', async () => {
    let sounds = 0;
    const { app, server, sources } = makeApp(
      {
        'GET /api/conversations/c3': () => conversation({ id: 'c3', unreadCount: 2 }),
        'GET /api/conversations/counts': () => ({ all: 1, mine: 0, unassigned: 1, byStatus: { open: 1, pending: 0, snoozed: 0, resolved: 0 }, byChannel: {}, byLabel: {}, byTeam: {} }),
      },
      { storage: null, playSound: () => void sounds++, permission: () => 'unsupported', requestPermission: async () => 'denied', show: () => {}, visible: () => true },
    );
    app.alerts.setSound(true);
    sounds = 0;
    app.realtime.start();
    sources[0].emit('message.received', { type: 'message.received', conversationId: 'c3', messageId: 'm9' });
    sources[0].emit('message.received', { type: 'message.received', conversationId: 'c3', messageId: 'm10', quiet: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.calls.map((c) => c.path)).toContain('/api/conversations/c3');
    expect(app.inbox.items.map((i) => [i.id, i.unreadCount])).toEqual([['c3', 2]]);
    expect(sounds).toBe(1);
    app.realtime.stop();
  });

  it("shows a customer's new message in the open thread (an inbound into an existing conversation is message.received)", async () => {
    let items = [message({ id: 'm1', conversationId: 'c9', text: 'Merhaba' })];
    const { app, sources } = makeApp({
      'GET /api/conversations/c9': () => conversation({ id: 'c9' }),
      'GET /api/conversations/c9/messages': () => ({ items, nextCursor: null }),
      'GET /api/conversations/counts': () => ({ all: 1, mine: 0, unassigned: 1, byStatus: { open: 1, pending: 0, snoozed: 0, resolved: 0 }, byChannel: {}, byLabel: {}, byTeam: {} }),
    });
    await app.thread.open('c9');
    app.realtime.start();
    items = [...items, message({ id: 'm2', conversationId: 'c9', text: 'Orada mısınız?', createdAt: '2026-11-20T10:05:00.000Z' })];
    sources[0].emit('message.received', { type: 'message.received', conversationId: 'c9', messageId: 'm2' });
    await waitFor(() => expect(app.thread.messages.map((m) => m.text)).toEqual(['Merhaba', 'Orada mısınız?']));
    app.realtime.stop();
  });

  it("reads the open conversation's profile again when a message is written there, so its last-message times follow", async () => {
    let lastOutboundAt: string | null = null;
    const { app, server, sources } = makeApp({
      'GET /api/conversations/c9': () => conversation({ id: 'c9', contact: { id: 'p9', name: 'Ayşe', identities: [] } }),
      'GET /api/conversations/c9/messages': () => ({ items: [], nextCursor: null }),
      'GET /api/conversations/counts': () => ({ all: 1, mine: 0, unassigned: 1, byStatus: { open: 1, pending: 0, snoozed: 0, resolved: 0 }, byChannel: {}, byLabel: {}, byTeam: {} }),
      'GET /api/contacts/p9': () => {
        const base = contactProfile({ id: 'p9', name: 'Ayşe' });
        return { ...base, figures: { ...base.figures, lastOutboundAt } };
      },
    });
    await app.thread.open('c9');
    await app.profile.open('p9');
    app.realtime.start();
    lastOutboundAt = '2026-11-20T10:05:00.000Z';
    sources[0].emit('message.created', { type: 'message.created', conversationId: 'c9', messageId: 'm2' });
    await waitFor(() => expect(app.profile.contact?.figures.lastOutboundAt).toBe('2026-11-20T10:05:00.000Z'));
    const reads = server.calls.filter((c) => c.path === '/api/contacts/p9').length;
    // A message in another conversation leaves the profile alone.
    sources[0].emit('message.created', { type: 'message.created', conversationId: 'c5', messageId: 'm3' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.calls.filter((c) => c.path === '/api/contacts/p9').length).toBe(reads);
    app.realtime.stop();
  });

  it('tells an admin that a webhook was turned off, and reloads nothing for it', async () => {
    const { app, server, sources } = makeApp({});
    app.session.user = { id: 'u1', name: 'Ada', email: 'ada@example.com', roles: ['admin'], locale: 'en' } as NonNullable<typeof app.session.user>;
    app.realtime.start();
    sources[0].emit('webhook.disabled', { type: 'webhook.disabled' });
    await waitFor(() => expect(app.webhookDisabled).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.calls.map((c) => c.path)).toEqual([]);
    app.realtime.stop();
  });

  it("refreshes the open customer's profile on their new order and never reloads the inbox for orders", async () => {
    const { app, server, sources } = makeApp({
      'GET /api/contacts/k1': () => contactProfile({ id: 'k1' }),
      'GET /api/conversations/counts': () => ({ all: 0, mine: 0, unassigned: 0, byStatus: { open: 0, pending: 0, snoozed: 0, resolved: 0 }, byChannel: {}, byLabel: {}, byTeam: {} }),
    });
    await app.profile.open('k1');
    app.realtime.start();
    for (let i = 0; i < 20; i++) sources[0].emit('order.placed', { type: 'order.placed', contactId: `k${i}` });
    sources[0].emit('event.tracked', { type: 'event.tracked', contactId: 'k1' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const paths = server.calls.map((c) => c.path);
    // Opened once, then once for each of the two events about this customer.
    expect(paths.filter((p) => p === '/api/contacts/k1')).toHaveLength(3);
    expect(paths).not.toContain('/api/conversations');
    app.realtime.stop();
  });
});
