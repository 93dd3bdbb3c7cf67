import { describe, expect, it } from 'vitest';
import { messageLinks, rewriteHtmlLinks, rewriteTextLinks, withUtm } from './message-links.ts';
import { slugify } from './tracking-plan.ts';

const rules = { keepPrefix: 'https://ulak.test/u/' };

describe('message links', () => {
  it('lists web links of the HTML part in order, skipping mailto:, tel: and our unsubscribe links, entities decoded', () => {
    const html = '<a href="https://a.example/?x=1&amp;y=2">A</a><a href="mailto:x@y.example">m</a><a href="tel:+90">t</a><a href="https://ulak.test/u/abc">u</a><a href="http://b.example">B</a>';
    expect(messageLinks({ html, text: 'ignored https://c.example' }, rules)).toEqual(['https://a.example/?x=1&y=2', 'http://b.example']);
  });

  it('lists the text links of a text-only message, without trailing punctuation', () => {
    expect(messageLinks({ text: 'See https://a.example/sale. Or (https://b.example/x)!' }, rules)).toEqual(['https://a.example/sale', 'https://b.example/x']);
  });

  it('rewrites hrefs by index and re-encodes them, leaving other links alone', () => {
    const html = '<a href="https://a.example/?x=1&amp;y=2">A</a> <a href="mailto:x@y.example">m</a> <a href="https://a.example/?x=1&amp;y=2">again</a>';
    expect(rewriteHtmlLinks(html, rules, (url, i) => `https://t.example/${i}?u=${url}`)).toBe(
      '<a href="https://t.example/0?u=https://a.example/?x=1&amp;y=2">A</a> <a href="mailto:x@y.example">m</a> <a href="https://t.example/1?u=https://a.example/?x=1&amp;y=2">again</a>',
    );
  });

  it("rewrites the text part's copies of HTML links by the HTML link's index", () => {
    const text = 'Shop [https://a.example/s] or https://other.example. Leave: https://ulak.test/u/abc';
    expect(rewriteTextLinks(text, rules, (_, i) => `https://t.example/${i}`, new Map([['https://a.example/s', 3]]))).toBe(
      'Shop [https://t.example/3] or https://other.example. Leave: https://ulak.test/u/abc',
    );
  });

  it('adds only the UTM parameters a link does not set already', () => {
    expect(withUtm('https://a.example/p?q=1', 'spring')).toBe('https://a.example/p?q=1&utm_source=ulak&utm_medium=email&utm_campaign=spring');
    expect(withUtm('https://a.example/?utm_source=news&utm_medium=x&utm_campaign=y', 'spring')).toBe('https://a.example/?utm_source=news&utm_medium=x&utm_campaign=y');
  });

  it('slugs campaign names, Turkish letters folded', () => {
    expect(slugify('Yaz İndirimi — %50 Şık Ürünler')).toBe('yaz-indirimi-50-sik-urunler');
    expect(slugify('!!!')).toBe('campaign');
  });
});
