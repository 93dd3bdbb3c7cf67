import { describe, expect, it } from 'vitest';
import { looksLikeHtml, messageBody } from './message-body.ts';

describe('messageBody', () => {
  it('keeps a plain body as text only', () => {
    expect(messageBody('Hello Ece, 2 < 3', { email: true })).toEqual({ text: 'Hello Ece, 2 < 3' });
    expect(looksLikeHtml('a <b>bold</b> word')).toBe(true);
  });

  it('sends an HTML body sanitised, with a plain-text part made from it; images keep their source', () => {
    const body = messageBody('<p>Hi <b>Ece</b></p><p><a href="https://shop.example/s">Shop</a></p><img src="https://cdn.example/x.png" alt="x"><script>x()</script>', { email: true });
    expect(body.html).toBe('<p>Hi <b>Ece</b></p><p><a href="https://shop.example/s" target="_blank" rel="noopener noreferrer nofollow">Shop</a></p><img src="https://cdn.example/x.png" alt="x" />');
    expect(body.text).toBe('Hi Ece\n\nShop [https://shop.example/s]');
  });

  it('obeys a forced format, and gives other channels the text alone', () => {
    expect(messageBody('<p>Hi</p>', { format: 'text', email: true })).toEqual({ text: '<p>Hi</p>' });
    expect(messageBody('Plain words', { format: 'html', email: true })).toEqual({ text: 'Plain words', html: 'Plain words' });
    expect(messageBody('<p>Hi</p>', { email: false })).toEqual({ text: 'Hi' });
  });
});
