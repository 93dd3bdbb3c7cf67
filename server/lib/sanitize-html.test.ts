import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize-html.ts';
import { hasRemoteImages } from './remote-images.ts';

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const out = sanitizeHtml('<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(1)">x</a><iframe src="//evil"></iframe></p>');
    expect(out).not.toMatch(/script|onclick|javascript:|iframe/i);
    expect(out).toContain('<p>Hi');
  });
  it('keeps formatting and opens links safely', () => {
    const out = sanitizeHtml('<b>Sipariş</b> <a href="https://example.com">link</a>');
    expect(out).toContain('<b>Sipariş</b>');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });
  it('drops url() in styles', () => {
    expect(sanitizeHtml('<div style="background-image:url(https://t.example/p.gif);color:red">x</div>')).not.toContain('url(');
  });
});

describe('remote images', () => {
  it('parks http(s) image URLs so opening the mail reports nothing to the sender', () => {
    const out = sanitizeHtml('<p>Kampanya</p><img src="https://t.example/open.gif?u=42" width="1" height="1" alt=""><img src=" HTTP://cdn.example/logo.png " alt="Logo">');
    expect(out).toBe('<p>Kampanya</p><img width="1" height="1" alt="" data-remote-src="https://t.example/open.gif?u=42" /><img alt="Logo" data-remote-src="HTTP://cdn.example/logo.png" />');
    expect(hasRemoteImages(out)).toBe(true);
  });

  it('keeps images that are part of the message (cid:, data:) where they are', () => {
    const out = sanitizeHtml('<img src="cid:logo@shop"><img src="data:image/png;base64,iVBORw0KGgo=">');
    expect(out).toBe('<img src="cid:logo@shop" /><img src="data:image/png;base64,iVBORw0KGgo=" />');
    expect(hasRemoteImages(out)).toBe(false);
  });

  it("drops the sender's own data-remote-src, so only URLs we parked can ever be loaded", () => {
    expect(sanitizeHtml('<img data-remote-src="javascript:alert(1)" alt="x">')).toBe('<img alt="x" />');
    expect(sanitizeHtml('<img src="javascript:alert(1)" data-remote-src="https://evil.example/x">')).toBe('<img />');
  });

  it('does not mistake text about an attribute for a parked image', () => {
    expect(hasRemoteImages(sanitizeHtml('<p>data-remote-src="https://x.example/a.png" is our attribute</p>'))).toBe(false);
  });
});
