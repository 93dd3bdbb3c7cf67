// Presence: an agent's viewing/typing heartbeat reaches the other agents live, expires after 30 s, and "left" clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signedInAdmin, type TestApp } from '../support/test-app.ts';
import { createApiChannel, eventually, postInbound } from '../support/api-channel.ts';
import { openStream } from '../support/sse-stream.ts';

describe('presence', () => {
  let t: TestApp;
  let admin: Client;
  let ayse: Client;
  let ayseId: string;
  let conversationId: string;
  let clock = Date.parse('2026-06-15T10:00:00Z');
  beforeAll(async () => {
    ({ t, admin } = await signedInAdmin({ now: () => new Date(clock) }));
    await admin.ok('POST', '/api/users', { email: 'ayse@example.com', name: 'Ayşe', password: 'password123', roles: ['agent'] });
    ayse = await admin.as('ayse@example.com', 'password123');
    ayseId = (await ayse.ok('GET', '/api/me')).user.id;
    const channel = await createApiChannel(admin);
    await postInbound(t.app, channel, { externalId: 'p1', from: { id: 'u1' }, text: 'hi' });
    conversationId = (await admin.ok('GET', '/api/conversations')).items[0].id;
  });
  afterAll(() => t.close());

  it('tells other agents live who is viewing and typing, but not the agent themself', async () => {
    const adminStream = await openStream(t.app, admin);
    const ayseStream = await openStream(t.app, ayse);
    try {
      await ayse.ok('POST', `/api/conversations/${conversationId}/presence`, { state: 'viewing' });
      await ayse.ok('POST', `/api/conversations/${conversationId}/presence`, { state: 'typing' });
      const seen = await eventually(() => {
        const states = adminStream.events.filter((e) => e.type === 'presence').map((e) => e.state);
        return states.length === 2 && states;
      });
      expect(seen).toEqual(['viewing', 'typing']);
      expect(adminStream.events.find((e) => e.type === 'presence')).toMatchObject({ conversationId, userId: ayseId, userName: 'Ayşe' });
      expect(ayseStream.events.filter((e) => e.type === 'presence')).toEqual([]);
      expect((await admin.ok('GET', `/api/conversations/${conversationId}/presence`)).items).toEqual([
        { userId: ayseId, userName: 'Ayşe', state: 'typing', expiresAt: new Date(clock + 30_000).toISOString() },
      ]);
      // Ayşe's own answer lists the others only.
      expect((await ayse.ok('POST', `/api/conversations/${conversationId}/presence`, { state: 'viewing' })).items).toEqual([]);
    } finally {
      adminStream.close();
      ayseStream.close();
    }
  });

  it('forgets a heartbeat after 30 s, and at once when the agent leaves', async () => {
    await ayse.ok('POST', `/api/conversations/${conversationId}/presence`, { state: 'viewing' });
    clock += 29_000;
    expect((await admin.ok('GET', `/api/conversations/${conversationId}/presence`)).items).toHaveLength(1);
    clock += 2_000;
    expect((await admin.ok('GET', `/api/conversations/${conversationId}/presence`)).items).toEqual([]);
    await ayse.ok('POST', `/api/conversations/${conversationId}/presence`, { state: 'viewing' });
    await ayse.ok('POST', `/api/conversations/${conversationId}/presence`, { state: 'left' });
    expect((await admin.ok('GET', `/api/conversations/${conversationId}/presence`)).items).toEqual([]);
  });

  it('refuses unknown states and conversations', async () => {
    expect((await ayse.call('POST', `/api/conversations/${conversationId}/presence`, { state: 'dancing' })).status).toBe(422);
    expect((await ayse.call('POST', '/api/conversations/00000000-0000-4000-8000-000000000000/presence', { state: 'viewing' })).status).toBe(404);
  });
});
