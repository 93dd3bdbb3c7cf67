import { describe, expect, it } from 'vitest';
import { clickToken, openToken, readClickToken, readOpenToken } from './tracking-token.ts';

const key = Buffer.alloc(32, 7);
const id = '0b6f3a52-4a8e-4c1e-9a57-3f2d1c0b9e8a';

describe('tracking tokens', () => {
  it('reads back what it signed', () => {
    expect(readOpenToken(key, openToken(key, id))).toEqual({ messageId: id });
    expect(readClickToken(key, clickToken(key, id, 4))).toEqual({ messageId: id, linkIndex: 4 });
  });

  it('refuses a changed index, another key, and an open token offered as a click', () => {
    const token = clickToken(key, id, 1);
    expect(readClickToken(key, token.replace('.1.', '.2.'))).toBeUndefined();
    expect(readClickToken(Buffer.alloc(32, 8), token)).toBeUndefined();
    const [mid, sig] = openToken(key, id).split('.');
    expect(readClickToken(key, `${mid}.0.${sig}`)).toBeUndefined();
    expect(readOpenToken(key, `${id}.${'0'.repeat(64)}`)).toBeUndefined();
  });
});
