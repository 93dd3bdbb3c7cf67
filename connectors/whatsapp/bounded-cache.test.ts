import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.ts';

describe('BoundedCache', () => {
  it('drops the least recently written entry past its size', () => {
    const cache = new BoundedCache(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('forgets entries older than its TTL', () => {
    let t = 0;
    const cache = new BoundedCache(10, { ttlMs: 1000, now: () => t });
    cache.set('retry:3EB0', 2);
    t = 999;
    expect(cache.get('retry:3EB0')).toBe(2);
    t = 1000;
    expect(cache.get('retry:3EB0')).toBeUndefined();
  });
});
