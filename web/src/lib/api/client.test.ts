import { describe, expect, it } from 'vitest';
import { bulkApi } from './bulk-api';
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

  it('sends "left" with keepalive so it survives a closing tab, and nothing else with it', async () => {
    const { calls, fetch } = recorder(200, { items: [] });
    const presence = bulkApi(new ApiClient({ fetch })).presence;
    await presence('c1', 'viewing');
    await presence('c1', 'left');
    expect(calls.map((c) => [JSON.parse(String(c.init.body)).state, c.init.keepalive])).toEqual([
      ['viewing', undefined],
      ['left', true],
    ]);
  });

  it('turns the error envelope into an ApiError with status, code and message', async () => {
    const { fetch } = recorder(409, { error: { code: 'conflict', message: 'Already merged' } });
    const error = await new ApiClient({ fetch }).post('/api/contacts/merge').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'Already merged' });
  });

  it('reports an unreachable server as status 0 "network"', async () => {
    const http = new ApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
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

  it('uploads a file as multipart with the CSRF token, passing progress through, and maps errors like any call', async () => {
    const seen: { url: string; form: FormData; headers: Record<string, string> }[] = [];
    const progress: number[] = [];
    let reply = { status: 201, text: JSON.stringify({ id: 'u1', filename: 'a.pdf', contentType: 'application/pdf', size: 3 }) };
    const http = new ApiClient({
      base: '/base',
      sendForm: async (url, request) => {
        seen.push({ url, form: request.form, headers: request.headers });
        request.onProgress?.({ loaded: 3, total: 3 });
        return reply;
      },
    });
    http.setCsrfToken('tok-2');
    const file = new File(['abc'], 'a.pdf', { type: 'application/pdf' });
    expect(await http.upload('/api/uploads', file, { onProgress: (p) => progress.push(p.loaded) })).toMatchObject({ id: 'u1' });
    expect(seen[0]!.url).toBe('/base/api/uploads');
    expect(seen[0]!.headers['X-CSRF-Token']).toBe('tok-2');
    expect((seen[0]!.form.get('file') as File).name).toBe('a.pdf');
    expect(progress).toEqual([3]);

    reply = { status: 413, text: JSON.stringify({ error: { code: 'file_too_large', message: 'too big' } }) };
    await expect(http.upload('/api/uploads', file)).rejects.toMatchObject({ status: 413, code: 'file_too_large', message: 'too big' });
  });

  it('reports a cancelled upload as "aborted" and an unreachable server as "network"', async () => {
    const aborting = new ApiClient({
      sendForm: async () => {
        throw new DOMException('cancelled', 'AbortError');
      },
    });
    await expect(aborting.upload('/api/uploads', new File(['x'], 'x.txt'))).rejects.toMatchObject({ status: 0, code: 'aborted' });
    const offline = new ApiClient({
      sendForm: async () => {
        throw new TypeError('down');
      },
    });
    await expect(offline.upload('/api/uploads', new File(['x'], 'x.txt'))).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
