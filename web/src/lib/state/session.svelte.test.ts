import { describe, expect, it } from 'vitest';
import { Session } from './session.svelte';
import { I18n } from '../i18n';
import { fakeServer } from '../../test/fake-server';

const admin = { id: 'u1', email: 'a@example.com', name: 'Ada', roles: ['admin'], locale: 'tr' as const };

describe('Session', () => {
  it('asks for first-run setup when nobody exists yet, then signs in with the new admin', async () => {
    const server = fakeServer({
      'GET /api/auth/session': () => ({ user: null, csrfToken: null, needsSetup: true }),
      'POST /api/setup': () => ({ status: 201, body: { user: admin, csrfToken: 'csrf-9' } }),
      'PATCH /api/me': () => ({ user: { ...admin, locale: 'en' } }),
    });
    const i18n = new I18n('tr');
    const session = new Session(server.api, i18n);
    await session.init();
    expect(session.status).toBe('setup');
    expect(await session.setup({ email: admin.email, password: 'long-password', name: 'Ada' })).toBe(true);
    // Set up from a page shown in Turkish, the admin goes on in Turkish.
    expect(server.calls.find((c) => c.method === 'POST')!.body).toEqual({ email: admin.email, password: 'long-password', name: 'Ada', locale: 'tr' });
    expect(session.status).toBe('ready');
    expect(session.isAdmin).toBe(true);
    expect(i18n.locale).toBe('tr');
    await session.setLocale('en');
    const patch = server.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers['X-CSRF-Token']).toBe('csrf-9');
    expect(patch.body).toEqual({ locale: 'en' });
    expect(i18n.locale).toBe('en');
  });

  it('shows the login form when set up, and keeps a failed login error for the form', async () => {
    const server = fakeServer({
      'GET /api/auth/session': () => ({ user: null, csrfToken: null, needsSetup: false }),
      'POST /api/auth/login': () => ({ status: 401, body: { error: { code: 'invalid_credentials', message: 'Wrong' } } }),
    });
    const session = new Session(server.api, new I18n());
    await session.init();
    expect(session.status).toBe('login');
    expect(await session.login('a@example.com', 'nope')).toBe(false);
    expect(session.status).toBe('login');
    expect(session.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('returns to the login screen when the session expires mid-use', async () => {
    let expired = false;
    const server = fakeServer({
      'GET /api/auth/session': () => ({ user: admin, csrfToken: 't', needsSetup: false }),
      'GET /api/conversations': () => (expired ? { status: 401, body: { error: { code: 'unauthenticated', message: 'expired' } } } : { items: [], nextCursor: null }),
    });
    const session = new Session(server.api, new I18n());
    await session.init();
    expect(session.status).toBe('ready');
    expired = true;
    await server.api.conversations.list({}).catch(() => {});
    expect(session.status).toBe('login');
    expect(session.user).toBeNull();
  });

  it('says the server is unreachable rather than showing a login form', async () => {
    const server = fakeServer({ 'GET /api/auth/session': () => ({ status: 503, body: { error: { code: 'unavailable', message: 'down' } } }) });
    const session = new Session(server.api, new I18n());
    await session.init();
    expect(session.status).toBe('offline');
  });
});
