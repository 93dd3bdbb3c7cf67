// Login CSRF: a page on another site must not sign a visitor's browser into an account it chose, nor set Ulak up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

describe('sign-in and setup from another site', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // What a hidden <form enctype="text/plain"> on another site sends: its body is valid JSON, its type is not.
  const formPost = (path: string, body: object, headers: Record<string, string>) =>
    t.app.request(path, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: JSON.stringify(body) });
  const setupBody = { email: 'owner@example.com', password: 'correct horse', name: 'Owner' };

  it('refuses setup and sign-in posted from another site, and sets no cookie', async () => {
    const hostile: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site', origin: 'https://evil.ulak.test' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of hostile) {
      const res = await formPost('/api/setup', setupBody, headers);
      expect([res.status, res.headers.get('set-cookie')], JSON.stringify(headers)).toEqual([403, null]);
      expect((await res.json()).error.code).toBe('cross_site_request');
    }
    expect(await new Client(t.app).ok('GET', '/api/setup')).toEqual({ needsSetup: true });

    expect((await new Client(t.app).call('POST', '/api/setup', setupBody, { 'sec-fetch-site': 'same-origin', origin: 'https://ulak.test' })).status).toBe(201);
    for (const headers of hostile.slice(0, 3)) {
      const res = await formPost('/api/auth/login', { email: setupBody.email, password: setupBody.password }, headers);
      expect([res.status, res.headers.get('set-cookie')], JSON.stringify(headers)).toEqual([403, null]);
    }
  });

  it('signs in from the app itself, through a development proxy, and from scripts that send no Origin', async () => {
    const login = { email: 'owner@example.com', password: 'correct horse' };
    const friendly: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', origin: 'https://ulak.test' },
      { 'sec-fetch-site': 'none' },
      // An older browser without Sec-Fetch-*: its Origin names the public URL, or the host it asked (vite's proxy).
      { origin: 'https://ulak.test' },
      { origin: 'http://localhost:5173', host: 'localhost:5173' },
      {},
    ];
    for (const headers of friendly) {
      expect((await new Client(t.app).call('POST', '/api/auth/login', login, headers)).status, JSON.stringify(headers)).toBe(200);
    }
  });
});
