// A realtime stream opened before its user was deactivated or signed out must not go on carrying events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, eventually, postInbound } from '../support/api-channel.ts';
import { openStream } from '../support/sse-stream.ts';

describe('realtime stream of a user whose access ended', () => {
  let t: TestApp;
  let admin: Client;
  let now = new Date('2026-06-01T10:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ now: () => now });
    admin = await Client.admin(t.app);
  });
  afterAll(() => t.close());

  const signIn = async (email: string) => {
    const user = await admin.ok('POST', '/api/users', { email, name: email, password: 'password123', roles: ['agent'] });
    const client = new Client(t.app);
    const login = await client.call('POST', '/api/auth/login', { email, password: 'password123' });
    expect(login.status).toBe(200);
    client.csrf = login.body.csrfToken;
    return { user, client };
  };

  it('ends the stream of a deactivated user and of a signed-out session before the next event', async () => {
    const channel = await createApiChannel(admin);
    const deactivated = await signIn('gone@example.com');
    const signedOut = await signIn('out@example.com');
    const streams = { watcher: await openStream(t.app, admin), deactivated: await openStream(t.app, deactivated.client), signedOut: await openStream(t.app, signedOut.client) };
    const first = (await postInbound(t.app, channel, { externalId: 'rv1', from: { id: 'rv' }, text: 'before' })).body;
    for (const s of Object.values(streams)) await eventually(() => s.events.some((e) => e.messageId === first.messageId));

    await admin.ok('PATCH', `/api/users/${deactivated.user.id}`, { active: false });
    await signedOut.client.ok('POST', '/api/auth/logout');
    now = new Date(now.getTime() + 60_000);
    const second = (await postInbound(t.app, channel, { externalId: 'rv2', from: { id: 'rv' }, text: 'after' })).body;
    await eventually(() => streams.watcher.events.some((e) => e.messageId === second.messageId));
    await eventually(() => streams.deactivated.ended && streams.signedOut.ended);
    expect(streams.deactivated.events.some((e) => e.messageId === second.messageId)).toBe(false);
    expect(streams.signedOut.events.some((e) => e.messageId === second.messageId)).toBe(false);
    expect(streams.watcher.ended).toBe(false);
    for (const s of Object.values(streams)) s.close();
  });
});
