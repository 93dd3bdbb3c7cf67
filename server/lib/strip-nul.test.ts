import { describe, expect, it } from 'vitest';
import { stripNul } from './strip-nul.ts';

describe('stripNul', () => {
  it('drops NUL from every string, deep, and leaves bytes and dates alone', () => {
    const bytes = new Uint8Array([0, 1, 0]);
    const at = new Date('2026-11-22T10:00:00Z');
    expect(stripNul({ text: 'a\u0000b', from: { name: '\u0000Bora', identities: [{ value: 'x\u0000' }] }, content: bytes, at, n: 3 })).toEqual({
      text: 'ab',
      from: { name: 'Bora', identities: [{ value: 'x' }] },
      content: bytes,
      at,
      n: 3,
    });
  });

  it('replaces lone surrogates with U+FFFD in values and keys, and keeps real pairs', () => {
    expect(stripNul({ 'k\uDBFF': ['a\uD800b', '\uDC00', 'ok 😀', '\uD83D\uDE00\uD83D'] })).toEqual({ 'k\uFFFD': ['a\uFFFDb', '\uFFFD', 'ok 😀', '😀\uFFFD'] });
  });

  it('cleans a query-string record, which has no prototype', () => {
    const query = Object.assign(Object.create(null), { q: 'a\u0000b' });
    expect(stripNul(query)).toEqual({ q: 'ab' });
  });
});
