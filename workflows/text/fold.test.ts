import { describe, expect, it } from 'vitest';
import { foldCase, foldLoose } from './fold.ts';

describe('foldCase', () => {
  it('folds dotted capital İ to i without leaving a combining dot', () => {
    expect(foldCase('İSTANBUL')).toBe('istanbul');
  });
  it('treats dotless ı and I as the same letter as i, so English and Turkish casing both match', () => {
    expect(foldCase('IŞIK')).toBe(foldCase('ışık'));
    expect(foldCase('INFO')).toBe('info');
  });
  it('keeps other Turkish letters distinct', () => {
    expect(foldCase('Şeker')).toBe('şeker');
    expect(foldCase('şeker')).not.toBe(foldCase('seker'));
  });
  it('drops diacritics in loose mode', () => {
    expect(foldLoose('Şikâyet ÇÖZÜLMEDİ')).toBe('sikayet cozulmedi');
  });
});
