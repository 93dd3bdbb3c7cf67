import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.ts';

function appFor(publicUrl: string) {
  const app = new Hono();
  app.use('*', securityHeaders({ publicUrl }));
  app.get('/', (c) => c.text('ok'));
  app.get('/file', () => new Response('x', { headers: { 'content-security-policy': "default-src 'none'" } }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.onError((_, c) => c.json({ error: { code: 'internal', message: 'x' } }, 500));
  return app;
}

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('security headers', () => {
  it('sends a strict Content-Security-Policy on every response, errors included', async () => {
    const app = appFor('http://localhost:3000');
    for (const path of ['/', '/boom']) {
      const csp = (await app.request(path)).headers.get('content-security-policy')!;
      expect(csp).toBe(CONTENT_SECURITY_POLICY);
    }
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'style-src-attr': "'unsafe-inline'",
      'img-src': "'self' data: blob: https:",
      'media-src': "'self' blob:",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
      'form-action': "'self'",
      'object-src': "'none'",
    });
    // Only the email frame's own stylesheet may be inline, by hash; never 'unsafe-inline' for elements or scripts.
    expect(d['style-src-elem']).toMatch(/^'self' 'sha256-[A-Za-z0-9+/]{43}='$/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("keeps a route's own stricter policy", async () => {
    expect((await appFor('http://localhost:3000').request('/file')).headers.get('content-security-policy')).toBe("default-src 'none'");
  });

  it('forbids framing and sniffing', async () => {
    const res = await appFor('http://localhost:3000').request('/');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends HSTS only when the browser reached us over HTTPS', async () => {
    const hsts = async (publicUrl: string, url: string, headers: Record<string, string> = {}) => (await appFor(publicUrl).request(url, { headers })).headers.get('strict-transport-security');
    expect(await hsts('http://localhost:3000', 'http://localhost:3000/')).toBeNull();
    expect(await hsts('https://ulak.example.com', 'http://ulak.example.com/')).toBeNull();
    expect(await hsts('https://ulak.example.com', 'https://ulak.example.com/')).toBe('max-age=15552000; includeSubDomains');
    // Behind a TLS-terminating proxy: trusted only when the public URL is https.
    expect(await hsts('https://ulak.example.com', 'http://10.0.0.5:3000/', { 'x-forwarded-proto': 'https' })).toBe('max-age=15552000; includeSubDomains');
    expect(await hsts('https://ulak.example.com', 'http://10.0.0.5:3000/', { 'x-forwarded-proto': 'http' })).toBeNull();
    expect(await hsts('http://localhost:3000', 'http://localhost:3000/', { 'x-forwarded-proto': 'https' })).toBeNull();
  });
});
