import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { staticAssets } from './static-assets.ts';

const INDEX = '<!doctype html><title>Ulak</title><script type="module" src="/assets/index-abc123.js"></script>';
const BUNDLE = `export const greet = () => ${JSON.stringify('merhaba dünya '.repeat(400))};\n`;
let dist: string;
let web: NonNullable<ReturnType<typeof staticAssets>>;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'ulak-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), BUNDLE);
  writeFileSync(join(dist, 'assets', 'logo-def456.png'), new Uint8Array(4096).fill(7));
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\n');
  web = staticAssets(dist);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) => web.request(path, { headers });
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('static assets', () => {
  it('serves a hashed bundle as brotli when accepted, cached for a year', async () => {
    const res = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const body = await bytes(res);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(BUNDLE) / 10);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(BUNDLE);
  });

  it('falls back to gzip, then to the plain file, by Accept-Encoding and its q-values', async () => {
    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz)).toString('utf8')).toBe(BUNDLE);
    const refusedBr = await get('/assets/index-abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(refusedBr.headers.get('content-encoding')).toBe('gzip');
    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(BUNDLE);
  });

  it('does not compress images, which are compressed already', async () => {
    const res = await get('/assets/logo-def456.png', { 'accept-encoding': 'gzip, br' });
    expect([res.status, res.headers.get('content-encoding'), res.headers.get('content-type')]).toEqual([200, null, 'image/png']);
    expect((await bytes(res)).length).toBe(4096);
  });

  it('answers a missing or escaping asset with 404, never with index.html', async () => {
    for (const path of ['/assets/index-old999.js', '/assets/..%2F..%2Fulak-secret.txt', '/assets/nested/index-abc123.js']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('serves index.html for app routes with revalidation, and 304 for a matching ETag', async () => {
    for (const path of ['/', '/inbox', '/conversations/123/profile']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
    const etag = (await get('/')).headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await get('/inbox', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('serves unhashed root files with revalidation', async () => {
    const res = await get('/robots.txt');
    expect([res.status, res.headers.get('cache-control'), await res.text()]).toEqual([200, 'no-cache', 'User-agent: *\n']);
  });

  it('says how to build the app when there is no build', async () => {
    const res = await staticAssets(join(dist, 'nothing-here')).request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run build:web');
  });
});
