// Sign-in limits under parallel guessing, equal work for unknown emails, and the end of sessions and tokens
// when a password changes or a user is deactivated; admins listing and revoking a user's ways in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, signedInAdmin, type TestApp } from '../support/test-app.ts';

describe('sign-in hardening', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) => new Client(t.app).call('POST', '/api/auth/login', { email, password }, headers);
  const createUser = (email: string, password = 'password123', roles = ['agent']) => admin.ok('POST', '/api/users', { email, name: email.split('@')[0], password, roles });

  it('evaluates no more parallel guesses than the limit allows, and then refuses even the right password', async () => {
    await createUser('parallel@example.com', 'the right one');
    const verify = vi.spyOn(Bun.password, 'verify');
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => login('parallel@example.com', `guess ${i}`).then((r) => r.status)));
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30);
      expect(verify).toHaveBeenCalledTimes(10);
      const right = await login('parallel@example.com', 'the right one');
      expect(right.status).toBe(429);
      expect(right.body.error.code).toBe('too_many_attempts');
      expect(verify).toHaveBeenCalledTimes(10);
    } finally {
      verify.mockRestore();
    }
  });

  it('does not count a successful sign-in as a failure against the account', async () => {
    await createUser('steady@example.com', 'password123');
    // 30 successes from 30 addresses would have filled the per-account limit had each stayed counted.
    for (let i = 0; i < 31; i++) expect((await login('steady@example.com', 'password123', { 'x-forwarded-for': `192.0.2.${i}` })).status).toBe(200);
  }, 180_000); // 31 argon2 verifications: seconds each on a busy two-core machine

  it('verifies a password against a real hash even when the email has no account', async () => {
    const verify = vi.spyOn(Bun.password, 'verify');
    try {
      const r = await login('nobody-here@example.com', 'some guess');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
      expect(verify).toHaveBeenCalledTimes(1);
      expect(verify.mock.calls[0]![0]).toBe('some guess');
      expect(String(verify.mock.calls[0]![1])).toMatch(/^\$argon2id\$/);
    } finally {
      verify.mockRestore();
    }
  });

  it('does the same work for a deactivated account as for an active one', async () => {
    const u = await createUser('gone@example.com');
    await admin.ok('PATCH', `/api/users/${u.id}`, { active: false });
    const verify = vi.spyOn(Bun.password, 'verify');
    try {
      expect((await login('gone@example.com', 'password123')).status).toBe(401);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it("ends the user's other sessions when they change their own password, keeping the current one", async () => {
    await createUser('self@example.com', 'old password');
    const here = await admin.as('self@example.com', 'old password');
    const elsewhere = await admin.as('self@example.com', 'old password');
    const wrong = await here.call('PATCH', '/api/me', { password: 'new password', currentPassword: 'not it' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('wrong_password');
    expect((await elsewhere.call('GET', '/api/me')).status).toBe(200);

    await here.ok('PATCH', '/api/me', { password: 'new password', currentPassword: 'old password' });
    expect((await here.call('GET', '/api/me')).status).toBe(200);
    expect((await elsewhere.call('GET', '/api/me')).status).toBe(401);
    expect((await login('self@example.com', 'old password')).status).toBe(401);
    expect((await login('self@example.com', 'new password')).status).toBe(200);
  });

  it("ends all of a user's sessions when an admin resets their password, but not the admin's own", async () => {
    const u = await createUser('reset@example.com', 'old password');
    const a = await admin.as('reset@example.com', 'old password');
    const b = await admin.as('reset@example.com', 'old password');
    await admin.ok('PATCH', `/api/users/${u.id}`, { password: 'fresh password' });
    expect((await a.call('GET', '/api/me')).status).toBe(401);
    expect((await b.call('GET', '/api/me')).status).toBe(401);
    expect((await admin.call('GET', '/api/me')).status).toBe(200);
  });

  it('keeps the session an admin uses to reset their own password, ending their others', async () => {
    const me = (await admin.ok('GET', '/api/me')).user;
    const other = await admin.as('admin@example.com', 'correct horse');
    await admin.ok('PATCH', `/api/users/${me.id}`, { password: 'correct horse' });
    expect((await admin.call('GET', '/api/me')).status).toBe(200);
    expect((await other.call('GET', '/api/me')).status).toBe(401);
  });

  it('ends every session and token on deactivation, and reactivation revives none of them', async () => {
    const u = await createUser('leaver@example.com');
    const session = await admin.as('leaver@example.com', 'password123');
    const { token } = await session.ok('POST', '/api/tokens', { name: 'script' });
    const script = new Client(t.app);
    script.bearer = token;
    expect((await script.call('GET', '/api/me')).status).toBe(200);

    await admin.ok('PATCH', `/api/users/${u.id}`, { active: false });
    await admin.ok('PATCH', `/api/users/${u.id}`, { active: true });
    expect((await session.call('GET', '/api/me')).status).toBe(401);
    expect((await script.call('GET', '/api/me')).status).toBe(401);
    expect((await admin.ok('GET', `/api/users/${u.id}/sessions`)).items).toEqual([]);
    expect((await admin.ok('GET', `/api/users/${u.id}/tokens`)).items).toEqual([]);
  });

  it("lets an admin list and revoke a user's sessions", async () => {
    const u = await createUser('watched@example.com');
    const phone = await admin.as('watched@example.com', 'password123');
    const laptop = new Client(t.app);
    const r = await laptop.call('POST', '/api/auth/login', { email: 'watched@example.com', password: 'password123' }, { 'user-agent': 'Laptop/1.0', 'x-forwarded-for': '198.51.100.20' });
    expect(r.status).toBe(200);

    const { items } = await admin.ok('GET', `/api/users/${u.id}/sessions`);
    expect(items).toHaveLength(2);
    const laptopRow = items.find((s: any) => s.userAgent === 'Laptop/1.0');
    expect(laptopRow).toMatchObject({ ip: '198.51.100.20', id: expect.any(String), createdAt: expect.any(String), lastSeenAt: expect.any(String) });
    expect(Object.keys(laptopRow)).not.toContain('tokenHash');

    await admin.ok('DELETE', `/api/users/${u.id}/sessions/${laptopRow.id}`);
    expect((await laptop.call('GET', '/api/me')).status).toBe(401);
    expect((await phone.call('GET', '/api/me')).status).toBe(200);
    expect((await admin.ok('GET', `/api/users/${u.id}/sessions`)).items).toHaveLength(1);
    expect((await admin.call('DELETE', `/api/users/${u.id}/sessions/${laptopRow.id}`)).status).toBe(404);
  });

  it("lets an admin list and revoke a user's API tokens, and only admins", async () => {
    const u = await createUser('scripter@example.com');
    const session = await admin.as('scripter@example.com', 'password123');
    const kept = await session.ok('POST', '/api/tokens', { name: 'kept' });
    const revoked = await session.ok('POST', '/api/tokens', { name: 'revoked' });

    const { items } = await admin.ok('GET', `/api/users/${u.id}/tokens`);
    expect(items.map((i: any) => i.name).sort()).toEqual(['kept', 'revoked']);
    expect(JSON.stringify(items)).not.toContain(kept.token);

    await admin.ok('DELETE', `/api/users/${u.id}/tokens/${revoked.id}`);
    const script = new Client(t.app);
    script.bearer = revoked.token;
    expect((await script.call('GET', '/api/me')).status).toBe(401);
    script.bearer = kept.token;
    expect((await script.call('GET', '/api/me')).status).toBe(200);
    expect((await admin.ok('GET', `/api/users/${u.id}/tokens`)).items.map((i: any) => i.id)).toEqual([kept.id]);

    expect((await session.call('GET', `/api/users/${u.id}/tokens`)).status).toBe(403);
    expect((await session.call('DELETE', `/api/users/${u.id}/tokens/${kept.id}`)).status).toBe(403);
    expect((await admin.call('GET', '/api/users/00000000-0000-4000-8000-000000000000/sessions')).status).toBe(404);
  });

  it("changes a user's email, and refuses one another user has with 409", async () => {
    const u = await createUser('old-address@example.com');
    await createUser('taken@example.com');
    const changed = await admin.ok('PATCH', `/api/users/${u.id}`, { email: 'New-Address@Example.com' });
    expect(changed.email).toBe('new-address@example.com');
    const listed = (await admin.ok('GET', '/api/users')).items.find((x: any) => x.id === u.id);
    expect(listed.email).toBe('new-address@example.com');
    expect((await login('new-address@example.com', 'password123')).status).toBe(200);

    const dup = await admin.call('PATCH', `/api/users/${u.id}`, { email: 'taken@example.com' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('email_taken');
    expect((await admin.ok('GET', '/api/users')).items.find((x: any) => x.id === u.id).email).toBe('new-address@example.com');
    // Saving one's own unchanged email is not a conflict.
    expect((await admin.call('PATCH', `/api/users/${u.id}`, { email: 'new-address@example.com' })).status).toBe(200);
  });

  it('lists the new admin routes in the OpenAPI document', async () => {
    const doc = (await new Client(t.app).call('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/users/{id}/sessions'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/users/{id}/sessions/{sessionId}'])).toEqual(['delete']);
    expect(Object.keys(doc.paths['/api/users/{id}/tokens'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/users/{id}/tokens/{tokenId}'])).toEqual(['delete']);
  });
});
