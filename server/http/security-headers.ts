// Response security headers: a strict Content-Security-Policy the built app passes, and HSTS only over HTTPS.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { EMAIL_FRAME_STYLE } from '../lib/email-frame-style.ts';

const HSTS = 'max-age=15552000; includeSubDomains';
const frameStyleHash = `'sha256-${createHash('sha256').update(EMAIL_FRAME_STYLE).digest('base64')}'`;

/**
 * The built app has no inline script or style (Vite emits files; Svelte sets styles through the CSSOM). The
 * exceptions are for email: the sandboxed srcdoc frame inherits this policy, so its one <style> is allowed by
 * hash, style attributes are allowed (mail is laid out with them; the sanitiser keeps only plain declarations),
 * and https: images load once an agent asks for a message's remote images (the sanitiser parks them until then).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `style-src-elem 'self' ${frameStyleHash}`,
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** HTTPS as the browser saw it: our own TLS, or a TLS proxy in front of an https ULAK_PUBLIC_URL. */
function viaHttps(url: string, forwardedProto: string | undefined, publicUrlIsHttps: boolean): boolean {
  if (url.startsWith('https:')) return true;
  return publicUrlIsHttps && forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export function securityHeaders(options: { publicUrl: string }): MiddlewareHandler {
  const publicUrlIsHttps = options.publicUrl.startsWith('https://');
  const common = secureHeaders({
    contentSecurityPolicy: undefined,
    crossOriginEmbedderPolicy: false,
    // Over plain HTTP a browser ignores HSTS, and a reverse proxy serving both would pin what it should not.
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
  });
  return async (c, next) => {
    await common(c, async () => {
      await next();
      // A route may set a stricter policy of its own (stored files: default-src 'none').
      if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      if (viaHttps(c.req.url, c.req.header('x-forwarded-proto'), publicUrlIsHttps)) c.res.headers.set('Strict-Transport-Security', HSTS);
    });
  };
}
