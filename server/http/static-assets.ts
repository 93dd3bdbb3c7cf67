// Serves the built web app: hashed assets compressed and cached for a year, index.html revalidated on every load.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import mime from 'mime-types';
import type { AppEnv } from './env.ts';
import { pickEncoding, type Encoding } from './accept-encoding.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** Below this, compression costs more than the bytes it saves. */
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg\+xml)/;
/** Vite's output names: no slashes, no dot-dot, so a request can never leave the dist dir. */
const SAFE_NAME = /^[\w-]+(\.[\w-]+)*$/;

interface Entry {
  type: string;
  etag: string;
  bodies: Partial<Record<Encoding | 'identity', Uint8Array<ArrayBuffer>>>;
}

/** Reads a file once and compresses it once (lazily, on first request); the dist dir never changes while we run. */
function loader() {
  const cache = new Map<string, Entry | null>();
  return (path: string): Entry | null => {
    if (cache.has(path)) return cache.get(path)!;
    let entry: Entry | null = null;
    if (existsSync(path) && statSync(path).isFile()) {
      const raw = new Uint8Array(readFileSync(path));
      const type = mime.contentType(path.split('/').pop()!) || 'application/octet-stream';
      const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`;
      entry = { type, etag, bodies: { identity: raw } };
      if (raw.length >= MIN_COMPRESS_BYTES && COMPRESSIBLE.test(type)) {
        entry.bodies.gzip = new Uint8Array(gzipSync(raw, { level: 9 }));
        entry.bodies.br = new Uint8Array(brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
      }
    }
    cache.set(path, entry);
    return entry;
  };
}

function respond(c: Context, entry: Entry, cacheControl: string): Response {
  const headers = new Headers({ 'content-type': entry.type, 'cache-control': cacheControl, etag: entry.etag, vary: 'Accept-Encoding' });
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag)) return new Response(null, { status: 304, headers });
  const offered = Object.keys(entry.bodies).filter((k): k is Encoding => k !== 'identity');
  const encoding = pickEncoding(c.req.header('accept-encoding'), offered);
  const body = entry.bodies[encoding ?? 'identity']!;
  if (encoding) headers.set('content-encoding', encoding);
  headers.set('content-length', String(body.length));
  return new Response(body, { status: 200, headers });
}

const NOT_BUILT = '<!doctype html><title>Ulak</title><p>The web app is not built. Run <code>npm run build:web</code>, or use the API at <a href="/api/openapi.json">/api/openapi.json</a>.</p>';

/** The web app built into `distDir`, or a page saying how to build it. */
export function staticAssets(distDir: string): Hono<AppEnv> {
  const web = new Hono<AppEnv>();
  if (!existsSync(join(distDir, 'index.html'))) return web.get('/', (c) => c.html(NOT_BUILT));
  const load = loader();
  web.get('/assets/*', (c) => {
    const name = c.req.path.slice('/assets/'.length);
    const entry = SAFE_NAME.test(name) ? load(join(distDir, 'assets', name)) : null;
    // A missing chunk is a 404, never index.html: a browser must not run HTML as a stale module.
    if (!entry) return c.json({ error: { code: 'not_found', message: `No asset ${name}` } }, 404);
    return respond(c, entry, IMMUTABLE);
  });
  // Root files (favicon, robots.txt) are not hashed; every other path is the single-page app.
  web.get('/:name', (c, next) => {
    const name = c.req.param('name');
    const entry = SAFE_NAME.test(name) && name !== 'index.html' ? load(join(distDir, name)) : null;
    return entry ? respond(c, entry, REVALIDATE) : next();
  });
  web.get('*', (c) => respond(c, load(join(distDir, 'index.html'))!, REVALIDATE));
  return web;
}
