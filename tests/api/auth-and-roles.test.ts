// Sign-in, sessions, CSRF, bearer tokens, rate limiting and the role check on every route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

describe('authentication and roles', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    expect((await new Client(t.app).call('GET', '/api/setup')).body).toEqual({ needsSetup: true });
    // The app's first question is answered, not refused, before anyone exists: no failed request on the setup page.
    const fresh = await new Client(t.app).call('GET', '/api/auth/session');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ user: null, csrfToken: null, needsSetup: true });
    admin = await Client.admin(t.app);
  });
  afterAll(() => t.close());

  it('needs setup only once, then signs the admin in', async () => {
    expect((await new Client(t.app).call('GET', '/api/setup')).body).toEqual({ needsSetup: false });
    const me = await admin.ok('GET', '/api/me');
    expect(me.user).toMatchObject({ email: 'admin@example.com', roles: expect.arrayContaining(['admin']) });
  });

  it('answers who is signed in without a 401: nobody, a browser session with its CSRF token, or a bearer token', async () => {
    const nobody = await new Client(t.app).call('GET', '/api/auth/session');
    expect(nobody.status).toBe(200);
    expect(nobody.body).toEqual({ user: null, csrfToken: null, limits: { maxAttachmentBytes: expect.any(Number) }, needsSetup: false });
    const me = await admin.ok('GET', '/api/me');
    expect(await admin.ok('GET', '/api/auth/session')).toEqual({ ...me, needsSetup: false });
    const { token } = await admin.ok('POST', '/api/tokens', { name: 'session check' });
    const script = new Client(t.app);
    script.bearer = token;
    expect(await script.ok('GET', '/api/auth/session')).toMatchObject({ user: { id: me.user.id }, csrfToken: null });
    script.bearer = token + 'x';
    expect((await script.call('GET', '/api/auth/session')).status).toBe(401);
  });

  it("keeps the language setup was done in, and gives a new user their admin's unless told another", async () => {
    const other = await createTestApp();
    try {
      const turkishAdmin = new Client(other.app);
      const setup = await turkishAdmin.call('POST', '/api/setup', { email: 'yonetici@example.com', password: 'correct horse', name: 'Yönetici', locale: 'tr' });
      expect(setup.status).toBe(201);
      expect(setup.body.user.locale).toBe('tr');
      turkishAdmin.csrf = setup.body.csrfToken;
      expect((await turkishAdmin.ok('GET', '/api/me')).user.locale).toBe('tr');
      expect((await turkishAdmin.ok('POST', '/api/users', { email: 'ajan@example.com', name: 'Ajan', password: 'password123', roles: ['agent'] })).locale).toBe('tr');
      expect((await turkishAdmin.ok('POST', '/api/users', { email: 'agent@example.com', name: 'Agent', password: 'password123', roles: ['agent'], locale: 'en' })).locale).toBe('en');
      expect((await turkishAdmin.call('POST', '/api/users', { email: 'x@example.com', name: 'X', password: 'password123', roles: ['agent'], locale: 'de' })).status).toBe(422);
    } finally {
      await other.close();
    }
    expect((await admin.ok('GET', '/api/me')).user.locale).toBe('en');
  });

  it('refuses anonymous callers and wrong passwords', async () => {
    expect((await new Client(t.app).call('GET', '/api/conversations')).status).toBe(401);
    expect((await new Client(t.app).call('POST', '/api/auth/login', { email: 'admin@example.com', password: 'wrong password' })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const noCsrf = new Client(t.app);
    noCsrf.cookie = admin.cookie;
    const r = await noCsrf.call('POST', '/api/labels', { name: 'vip' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('csrf_failed');
  });

  it('lets a script use a personal bearer token without CSRF', async () => {
    const { token } = await admin.ok('POST', '/api/tokens', { name: 'script' });
    const script = new Client(t.app);
    script.bearer = token;
    expect((await script.call('POST', '/api/labels', { name: 'from-script' })).status).toBe(201);
    script.bearer = token + 'x';
    expect((await script.call('GET', '/api/labels')).status).toBe(401);
  });

  it('rate-limits repeated failed sign-ins', async () => {
    const c = new Client(t.app);
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await c.call('POST', '/api/auth/login', { email: 'victim@example.com', password: 'guess' + i })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  }, 120_000); // every guess costs an argon2 verification, unknown emails included: seconds each on a busy machine

  it('limits guesses at one account even when every attempt claims another address', async () => {
    const c = new Client(t.app);
    const statuses = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await c.call('POST', '/api/auth/login', { email: 'target@example.com', password: 'guess' + i }, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    const last = await c.call('POST', '/api/auth/login', { email: 'target@example.com', password: 'guess' }, { 'x-forwarded-for': '198.51.100.7' });
    expect(last.status).toBe(429);
    expect(last.body.error.message).toMatch(/try again in \d+ seconds/);
  }, 180_000);

  it("forgets an address's failed attempts once the person signs in", async () => {
    const c = new Client(t.app);
    await admin.ok('POST', '/api/users', { email: 'typo@example.com', name: 'Typo', password: 'password123', roles: ['agent'] });
    for (let i = 0; i < 9; i++) expect((await c.call('POST', '/api/auth/login', { email: 'typo@example.com', password: 'wrong' })).status).toBe(401);
    expect((await c.call('POST', '/api/auth/login', { email: 'typo@example.com', password: 'password123' })).status).toBe(200);
    const later = new Client(t.app);
    for (let i = 0; i < 9; i++) expect((await later.call('POST', '/api/auth/login', { email: 'typo@example.com', password: 'wrong' })).status).toBe(401);
  }, 120_000);

  it('keeps agents out of channel and user administration', async () => {
    const agent = await admin.user(['agent']);
    expect((await agent.call('POST', '/api/channels', { kind: 'api', name: 'x', config: {} })).status).toBe(403);
    expect((await agent.call('POST', '/api/users', { email: 'z@example.com', name: 'z', password: 'password123', roles: ['admin'] })).status).toBe(403);
    expect((await agent.call('GET', '/api/conversations')).status).toBe(200);
  });

  it('hides private notes from a marketer who is not also an agent', async () => {
    const channel = await createApiChannel(admin);
    const { conversationId } = (await postInbound(t.app, channel, { externalId: 'n1', from: { id: 'c1' }, text: 'Hello' })).body;
    await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'internal: VIP customer', private: true });
    const marketer = await admin.user(['marketer']);
    const seen = await marketer.ok('GET', `/api/conversations/${conversationId}/messages`);
    expect(seen.items.map((m: any) => m.text)).toEqual(['Hello']);
    const listed = (await marketer.ok('GET', '/api/conversations')).items.find((c: any) => c.id === conversationId);
    expect(listed.lastMessage.text).toBe('Hello');
    expect((await marketer.call('POST', `/api/conversations/${conversationId}/messages`, { text: 'hi' })).status).toBe(403);
    const both = await admin.user(['marketer', 'agent']);
    expect((await both.ok('GET', `/api/conversations/${conversationId}/messages`)).items).toHaveLength(2);
  });

  it('signs out', async () => {
    const c = await admin.user(['agent']);
    expect((await c.call('POST', '/api/auth/logout')).status).toBe(200);
    expect((await c.call('GET', '/api/me')).status).toBe(401);
  });
});
