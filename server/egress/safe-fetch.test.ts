import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTlsMaterial, type TlsMaterial } from '../../connectors/email/testing/tls-material.ts';
import { EMPTY_ALLOW_LIST, parseAllowList } from './allow-list.ts';
import type { Lookup } from './destination.ts';
import { EgressError } from './egress-error.ts';
import { safeFetch } from './safe-fetch.ts';

/** A local receiver that records what reached it. */
function receiver(answer: (req: Request) => Response = () => new Response('ok')) {
  const hits: Array<{ host: string | null; path: string }> = [];
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: (req) => (hits.push({ host: req.headers.get('host'), path: new URL(req.url).pathname }), answer(req)) });
  return { port: server.port, hits, stop: () => server.stop(true) };
}

/** A TCP port that accepts and then drops every connection, as a broken or filtering middlebox would. */
async function dropper(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** A port nothing listens on: bound, read, closed. */
async function closedPort(): Promise<number> {
  const { port, server } = await dropper();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: EgressError) => {
      expect(e).toBeInstanceOf(EgressError);
      return { code: e.code, message: e.message };
    },
  );

const dns =
  (table: Record<string, string>): Lookup =>
  async (host) => {
    if (!table[host]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return [{ address: table[host]!, family: 4 }];
  };

describe('safeFetch', () => {
  const open = receiver();
  let closed: number;
  beforeAll(async () => {
    closed = await closedPort();
  });
  afterAll(() => open.stop());

  it('refuses loopback without the allow-list, with the same text for an open and a closed port, connecting to neither', async () => {
    const policy = { allow: EMPTY_ALLOW_LIST };
    const toOpen = await failure(safeFetch(`http://127.0.0.1:${open.port}/hook`, { method: 'POST', body: '{}' }, policy));
    const toClosed = await failure(safeFetch(`http://127.0.0.1:${closed}/hook`, { method: 'POST', body: '{}' }, policy));
    expect(toOpen).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
    expect(toClosed).toEqual(toOpen);
    expect(open.hits).toEqual([]);
  });

  it('reports every connection failure to an allowed destination alike: closed, dropped, or given up on', async () => {
    const policy = { allow: parseAllowList('127.0.0.1/32') };
    const drop = await dropper();
    // A receiver that never answers: the caller gives up (its timeout) once the request is in.
    const giveUp = new AbortController();
    const hang = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => (giveUp.abort(), new Promise<Response>(() => {})) });
    try {
      const hanging = failure(safeFetch(`http://127.0.0.1:${hang.port}/`, { signal: giveUp.signal }, policy));
      const results = [await failure(safeFetch(`http://127.0.0.1:${closed}/`, {}, policy)), await failure(safeFetch(`http://127.0.0.1:${drop.port}/`, {}, policy)), await hanging];
      expect(results).toEqual(Array(3).fill({ code: 'destination_unreachable', message: 'destination unreachable' }));
    } finally {
      drop.server.close();
      hang.stop(true);
    }
  });

  it('connects to the address it checked, sending the original Host: a name no real resolver knows still arrives', async () => {
    const policy = { allow: parseAllowList('127.0.0.1/32'), lookup: dns({ 'hooks.test': '127.0.0.1' }) };
    const response = await safeFetch(`http://hooks.test:${open.port}/pinned`, { method: 'POST', body: '{}' }, policy);
    expect(response.status).toBe(200);
    expect(open.hits.at(-1)).toEqual({ host: `hooks.test:${open.port}`, path: '/pinned' });
  });

  it('refuses a host name whose DNS answer is loopback, before connecting', async () => {
    const before = open.hits.length;
    const policy = { allow: EMPTY_ALLOW_LIST, lookup: dns({ 'rebind.example': '127.0.0.1' }) };
    expect(await failure(safeFetch(`http://rebind.example:${open.port}/`, {}, policy))).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
    expect(open.hits.length).toBe(before);
  });

  it('does not follow a redirect to a private address', async () => {
    const inside = receiver();
    const bouncer = receiver(() => new Response(null, { status: 302, headers: { location: `http://127.0.0.1:${inside.port}/admin` } }));
    try {
      // The admin allowed the bouncer by name; the address it redirects to is not allowed.
      const policy = { allow: parseAllowList('partner.example'), lookup: dns({ 'partner.example': '127.0.0.1' }) };
      expect(await failure(safeFetch(`http://partner.example:${bouncer.port}/hook`, { method: 'POST', body: '{}' }, policy))).toEqual({
        code: 'destination_redirected',
        message: 'destination answered 302 (a redirect); redirects are not followed, configure the final address',
      });
      expect(bouncer.hits).toHaveLength(1);
      expect(inside.hits).toEqual([]);
    } finally {
      inside.stop();
      bouncer.stop();
    }
  });

  describe('over https', () => {
    let tls: TlsMaterial;
    beforeAll(async () => {
      tls = await createTlsMaterial('DNS:hooks.test');
    });
    afterAll(() => tls.dispose());

    it('checks the certificate against the original name while connecting to the pinned address', async () => {
      const server = Bun.serve({ port: 0, hostname: '127.0.0.1', tls: { cert: tls.cert, key: tls.key }, fetch: (req) => new Response(req.headers.get('host')) });
      try {
        const lookup = dns({ 'hooks.test': '127.0.0.1', 'impostor.test': '127.0.0.1' });
        const policy = { allow: parseAllowList('127.0.0.1/32'), lookup };
        const ok = await safeFetch(`https://hooks.test:${server.port}/`, { tls: { ca: tls.ca } }, policy);
        expect(await ok.text()).toBe(`hooks.test:${server.port}`);
        // The certificate is for hooks.test: a request meant for another name must not accept it.
        expect(await failure(safeFetch(`https://impostor.test:${server.port}/`, { tls: { ca: tls.ca } }, policy))).toEqual({ code: 'destination_unreachable', message: 'destination unreachable' });
      } finally {
        server.stop(true);
      }
    });
  });
});
