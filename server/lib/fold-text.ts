// Turkish-aware case and accent folding for search: İstanbul, ISTANBUL, istanbul and İSTANBUL all fold to "istanbul".

import { cutText } from './cut-text.ts';

const TURKISH_ASCII: Record<string, string> = { ı: 'i', ş: 's', ğ: 'g', ç: 'c', ö: 'o', ü: 'u' };

/**
 * How much of a message is indexed for search. Postgres refuses a tsvector over 1 MB, which a long email can
 * exceed; the text itself is stored whole, and a message is found by its first 100,000 characters.
 */
export const SEARCHABLE_CHARS = 100_000;

/**
 * The folded, capped text a message is searched by. Capped again after folding, because folding can grow a text
 * many times over (NFKD spells "㌖" as six katakana and "ﷺ" as 18 letters): 100,000 folded characters are at most
 * 400 KB, so no text, however it folds, makes a message's tsvector too long for Postgres and the message fail.
 */
export function messageSearchText(text: string): string {
  return cutText(foldText(cutText(text, SEARCHABLE_CHARS)), SEARCHABLE_CHARS);
}

export function foldText(text: string): string {
  return (
    text
      // tr-locale lowering maps I→ı and İ→i correctly; ı is then folded to i like every other accent.
      .toLocaleLowerCase('tr')
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[ışğçöü]/g, (c) => TURKISH_ASCII[c] ?? c)
  );
}

/** Folded words usable as tsquery prefix terms (`word:*`), joined with &. Empty when nothing searchable. */
export function toPrefixQuery(query: string): string {
  const words = foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.map((w) => `${w}:*`).join(' & ');
}
