// A rendered template body as the message's parts: plain text, or sanitised HTML with a plain-text part made from it.
import { sanitizeOutboundHtml } from '../lib/sanitize-html.ts';
import { loadLibrary, onFirstUse } from '../lib/on-first-use.ts';

const convert = onFirstUse(() => (loadLibrary('html-to-text') as typeof import('html-to-text')).convert);

export type BodyFormat = 'text' | 'html';

/** A body that opens or holds a common block or inline tag is written as HTML. */
const HTML_TAG = /<(html|body|p|div|br|a|table|h[1-6]|ul|ol|li|img|span|strong|em|b|i|u)\b[^>]*>/i;

export function looksLikeHtml(body: string): boolean {
  return HTML_TAG.test(body);
}

/** The text part: links as "text [url]", images dropped, lines wrapped at 78 columns as mail expects. */
export function htmlToPlainText(html: string): string {
  return convert()(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

/**
 * `format` forces a choice; without one the body's look decides. Only email carries an HTML part: on other channels
 * an HTML body is sent as its plain text.
 */
export function messageBody(body: string, options: { format?: BodyFormat | null; email: boolean }): { text: string; html?: string } {
  const html = options.format === 'html' || (options.format !== 'text' && looksLikeHtml(body));
  if (!html) return { text: body };
  const clean = sanitizeOutboundHtml(body);
  const text = htmlToPlainText(clean);
  return options.email ? { text, html: clean } : { text };
}
