// Refuses a request a page on another site made the browser send: for the public routes that start a session.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/**
 * Signing in and first-run setup need no session, so the CSRF token cannot guard them: a hidden form on any site
 * (`enctype="text/plain"` makes its body valid JSON) would sign the visitor's browser into an account the attacker
 * chose, or set up a fresh install the attacker cannot reach. Browsers say where a request came from: `Sec-Fetch-Site`,
 * or on older ones `Origin`, which must then be this server, by the host the browser asked for or `ULAK_PUBLIC_URL`.
 * Scripts and API clients send neither and pass.
 */
export function refuseCrossSite(c: Context<AppEnv>): void {
  const site = c.req.header('sec-fetch-site')?.toLowerCase();
  if (site === 'same-origin' || site === 'none') return;
  const origin = c.req.header('origin');
  if (site === undefined && (origin === undefined || isThisServer(c, origin))) return;
  throw new AppError(403, 'cross_site_request', 'This request came from another site; sign in from Ulak itself');
}

function isThisServer(c: Context<AppEnv>, origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // `Origin: null` (a sandboxed frame, a redirect across sites) names nobody
  }
  const ours = [c.req.header('host'), new URL(c.req.url).host, new URL(c.get('services').config.publicUrl).host];
  return ours.some((h) => h !== undefined && h.toLowerCase() === host.toLowerCase());
}
