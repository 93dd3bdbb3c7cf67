import { describe, expect, it } from 'vitest';
import { channelShare } from './channel-locks.ts';

const shares = (channels: number, count: number) => Array.from({ length: count }, (_, rank) => channelShare(channels, { count, rank }));

describe('how the pulling channels are shared out among workers', () => {
  it('splits them as evenly as they go, the odd ones to the workers that joined first', () => {
    expect(shares(4, 3)).toEqual([2, 1, 1]);
    expect(shares(5, 2)).toEqual([3, 2]);
    expect(shares(2, 3)).toEqual([1, 1, 0]);
    expect(shares(6, 3)).toEqual([2, 2, 2]);
    expect(shares(7, 1)).toEqual([7]);
  });

  it('gives every channel exactly one worker, however many there are', () => {
    for (let channels = 0; channels <= 40; channels++) {
      for (let count = 1; count <= 12; count++) {
        const split = shares(channels, count);
        expect(split.reduce((a, b) => a + b, 0)).toBe(channels);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }
    }
  });
});
