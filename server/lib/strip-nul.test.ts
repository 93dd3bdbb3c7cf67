import { describe, expect, it } from 'vitest';
import { stripNul } from './strip-nul.ts';

describe('stripNul', () => {
  it('drops NUL from every string, deep, and leaves bytes and dates alone', () => {
    const bytes = new Uint8Array([0, 1, 0]);
    const at = new Date('2026-11-22T10:00:00Z');
    expect(stripNul({ text: 'a\u0000b', from: { name: '\u0000Bora', identities: [{ value: 'x\u0000' }] }, content: bytes, at, n: 3 })).toEqual({
      text: 'ab', from: { name: 'Bora', identities: [{ value: 'x' }] }, content: bytes, at, n: 3,
    });
  });
});
