// Public tracking links in marketing email (no login): the open pixel and the signed click redirect.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { orWhileUnavailable } from '../../connectors/is-transient-failure.ts';
import { keepOpen, readClickToken, readOpenToken, recordClick, recordOpen } from '../tracking/index.ts';
import { unavailablePage } from '../http/unavailable-page.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'tracking');

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function notFound(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
  return c.text('Not found', 404);
}

route(
  {
    method: 'get',
    path: '/t/o/:pixel',
    access: 'public',
    summary:
      'The open pixel of a tracked marketing email (`<token>.gif`): records an open and answers a 1×1 GIF (also while the database is away: the open is then kept on this machine and counted once the database is back); an unsigned token answers 404',
  },
  async (c) => {
    const services = c.get('services');
    const file = c.req.param('pixel') ?? '';
    const token = file.endsWith('.gif') ? readOpenToken(services.config.secretKey, file.slice(0, -4)) : undefined;
    if (!token) return notFound(c);
    const open = { messageId: token.messageId, userAgent: c.req.header('user-agent'), at: services.now() };
    // The database away for a moment: the signed token is enough to keep the open and count it shortly; the email
    // shows no broken image either way, even if the disk refuses too.
    const recorded = await orWhileUnavailable(
      () => recordOpen(services.database, open),
      () =>
        keepOpen(services.spoolDir, open).then(
          () => (services.spool.kept(), true),
          (error: unknown) => (services.log.warn({ err: error }, 'an open could not be kept during the outage; not counted'), true),
        ),
    );
    if (!recorded) return notFound(c);
    // Never cached: each fetch is an open (the heuristic then decides whose).
    return c.body(new Uint8Array(PIXEL), 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, no-cache, must-revalidate, private', 'Content-Length': String(PIXEL.length) });
  },
);

route(
  {
    method: 'get',
    path: '/t/c/:token',
    access: 'public',
    status: 302,
    summary:
      'A tracked link in a marketing email: records a click and redirects to the link the message held (with its UTM tags); a forged token or unknown link answers 404, so it is never an open redirect; while the database is away for a moment, 503 with Retry-After and an HTML page that reloads itself',
  },
  async (c) => {
    const services = c.get('services');
    const token = readClickToken(services.config.secretKey, c.req.param('token') ?? '');
    if (!token) return notFound(c);
    // The link's address is in the database: while it is away, the customer's browser tries again in a moment.
    const target = await orWhileUnavailable(
      () => recordClick(services.database, { ...token, userAgent: c.req.header('user-agent'), at: services.now(), publicUrl: services.config.publicUrl }),
      () => 'unavailable' as const,
    );
    if (target === 'unavailable') return unavailablePage(c, { retry: true });
    if (!target) return notFound(c);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(target, 302);
  },
);
