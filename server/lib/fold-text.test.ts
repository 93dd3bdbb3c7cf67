import { describe, expect, it } from 'vitest';
import { foldText, toPrefixQuery } from './fold-text.ts';

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
});
