import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('finds web and mail addresses in prose, leaving sentence punctuation outside the link', () => {
    expect(linkify('Takip: https://kargo.example/t?no=88431&x=1. Sorular için destek@example.com, ya da www.example.com!')).toEqual([
      { text: 'Takip: ' },
      { text: 'https://kargo.example/t?no=88431&x=1', href: 'https://kargo.example/t?no=88431&x=1' },
      { text: '. Sorular için ' },
      { text: 'destek@example.com', href: 'mailto:destek@example.com' },
      { text: ', ya da ' },
      { text: 'www.example.com', href: 'https://www.example.com/' },
      { text: '!' },
    ]);
  });

  it('keeps a closing parenthesis that belongs to the link, drops one that closes the sentence', () => {
    expect(linkify('(see https://en.wikipedia.org/wiki/Ulak_(messenger))')).toEqual([
      { text: '(see ' },
      { text: 'https://en.wikipedia.org/wiki/Ulak_(messenger)', href: 'https://en.wikipedia.org/wiki/Ulak_(messenger)' },
      { text: ')' },
    ]);
  });

  it('never links other schemes, and leaves markup as plain text', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> <a href="https://evil.example">click</a> ftp://files.example';
    const runs = linkify(text);
    expect(runs.filter((r) => r.href).map((r) => r.href)).toEqual(['https://evil.example/']);
    expect(runs.map((r) => r.text).join('')).toBe(text);
  });

  it('returns the text as one run when there is nothing to link, and nothing for empty text', () => {
    expect(linkify('Kargom nerede?')).toEqual([{ text: 'Kargom nerede?' }]);
    expect(linkify('')).toEqual([]);
  });
});
