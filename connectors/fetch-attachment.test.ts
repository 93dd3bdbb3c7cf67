import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'bun';
import { fetchAttachment } from './fetch-attachment.ts';

describe('fetchAttachment', () => {
  let server: Server<undefined>;
  let base: string;

  beforeAll(() => {
    server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch(req) {
        const path = new URL(req.url).pathname;
        if (path === '/small') return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png; charset=binary' } });
        // Chunked, no Content-Length: only counting while reading can catch it.
        if (path === '/stream') {
          let sent = 0;
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent >= 10) return controller.close();
              sent++;
              controller.enqueue(new Uint8Array(100));
            },
          });
          return new Response(stream);
        }
        if (path === '/busy') return new Response('try later', { status: 503 });
        return new Response('nope', { status: 404 });
      },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop(true));

  it('keeps the bytes and the served content type', async () => {
    const file = await fetchAttachment({ url: `${base}/small`, filename: 'a.png', maxBytes: 10 });
    expect(file).toEqual({ filename: 'a.png', contentType: 'image/png', size: 3, content: new Uint8Array([1, 2, 3]) });
  });

  it('refuses a stream that grows past the limit without a Content-Length', async () => {
    const file = await fetchAttachment({ url: `${base}/stream`, filename: 'b.bin', maxBytes: 250 });
    expect(file.content).toBeUndefined();
    expect(file.refused?.reason).toContain('size limit');
  });

  it('refuses, with the reason, a file the server does not have or cannot be reached', async () => {
    expect((await fetchAttachment({ url: `${base}/missing`, filename: 'c', maxBytes: 10 })).refused).toEqual({ reason: 'download failed: HTTP 404' });
    const unreachable = await fetchAttachment({ url: 'http://127.0.0.1:1/x', filename: 'd', maxBytes: 10 });
    expect(unreachable.refused?.reason).toMatch(/^download failed/);
  });

  it('throws a temporary failure instead of refusing, for a caller that will fetch the message again', async () => {
    const again = { filename: 'e', maxBytes: 10, temporaryFailures: 'throw' } as const;
    await expect(fetchAttachment({ ...again, url: `${base}/busy` })).rejects.toMatchObject({ code: 'TEMPORARY', message: 'download failed: HTTP 503' });
    await expect(fetchAttachment({ ...again, url: 'http://127.0.0.1:1/x' })).rejects.toMatchObject({ code: 'TEMPORARY' });
    await expect(fetchAttachment({ ...again, url: `${base}/small`, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'TEMPORARY' });
    // A file the server does not have will not come back: refused, as ever.
    expect((await fetchAttachment({ ...again, url: `${base}/missing` })).refused).toEqual({ reason: 'download failed: HTTP 404' });
  });
});
