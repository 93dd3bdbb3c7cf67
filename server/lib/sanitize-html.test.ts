import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize-html.ts';

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
