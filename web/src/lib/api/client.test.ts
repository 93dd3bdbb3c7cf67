import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, toQuery } from './client';

function recorder(status = 200, body: unknown = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status });
  };
  return { calls, fetch };
}

describe('ApiClient', () => {
  it('sends the CSRF token on writes but not on reads', async () => {
    const { calls, fetch } = recorder();
    const http = new ApiClient({ fetch });
    http.setCsrfToken('tok-1');
    await http.get('/api/conversations', { status: 'open', q: '' });
    await http.post('/api/conversations/c1/messages', { text: 'hi' });
    const headers = (i: number) => calls[i].init.headers as Record<string, string>;
    expect(calls[0].url).toBe('/api/conversations?status=open');
    expect(headers(0)['X-CSRF-Token']).toBeUndefined();
    expect(headers(1)['X-CSRF-Token']).toBe('tok-1');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ text: 'hi' });
  });

  it('turns the error envelope into an ApiError with status, code and message', async () => {
    const { fetch } = recorder(409, { error: { code: 'conflict', message: 'Already merged' } });
    const error = await new ApiClient({ fetch }).post('/api/contacts/merge').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'Already merged' });
  });

  it('reports an unreachable server as status 0 "network"', async () => {
    const http = new ApiClient({ fetch: async () => { throw new TypeError('Failed to fetch'); } });
    await expect(http.get('/api/me')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('tells the app when a call comes back 401 so it can show the login screen', async () => {
    const { fetch } = recorder(401, { error: { code: 'unauthenticated', message: 'Sign in' } });
    const http = new ApiClient({ fetch });
    let told = 0;
    http.onUnauthorized = () => told++;
    await http.get('/api/conversations').catch(() => {});
    expect(told).toBe(1);
  });

  it('drops empty query values', () => {
    expect(toQuery({ a: '1', b: undefined, c: null, d: '' })).toBe('?a=1');
    expect(toQuery({})).toBe('');
  });
});
