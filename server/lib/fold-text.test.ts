import { describe, expect, it } from 'vitest';
import { foldText, messageSearchText, SEARCHABLE_CHARS, toPrefixQuery } from './fold-text.ts';

describe('foldText', () => {
  it('folds Turkish dotted and dotless i the same way whatever the case', () => {
    expect(foldText('İSTANBUL')).toBe('istanbul');
    expect(foldText('Istanbul')).toBe('istanbul');
    expect(foldText('ıstanbul')).toBe('istanbul');
  });
  it('folds ş ğ ç ö ü and accents', () => {
    expect(foldText('Şikâyet ĞÜÇÖ')).toBe('sikayet guco');
    expect(foldText('Café')).toBe('cafe');
  });
  it('builds a prefix query from words, ignoring punctuation', () => {
    expect(toPrefixQuery('İade, lütfen!')).toBe('iade:* & lutfen:*');
    expect(toPrefixQuery('  ')).toBe('');
  });

  it('caps the searched text after folding, which can make a text many times longer', () => {
    const text = '\u{FDFA}'.repeat(SEARCHABLE_CHARS);
    expect(foldText(text).length).toBe(18 * SEARCHABLE_CHARS);
    const searched = messageSearchText(text);
    expect(searched.length).toBe(SEARCHABLE_CHARS);
    expect(searched.startsWith(foldText('\u{FDFA}'))).toBe(true);
    // A pair of surrogates is never cut in two.
    const emoji = messageSearchText(`${'a'.repeat(SEARCHABLE_CHARS - 1)}😀😀`);
    expect(emoji).toBe('a'.repeat(SEARCHABLE_CHARS - 1));
  });
});
