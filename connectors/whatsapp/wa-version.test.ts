import { describe, expect, it } from 'vitest';
import type { WAVersion } from '@whiskeysockets/baileys';
import { latestWaWebVersion } from './wa-version.ts';

function fakeFetch(results: Array<{ version: WAVersion; isLatest: boolean }>) {
  const calls: RequestInit[] = [];
  const fetchVersion = async (options: RequestInit) => {
    calls.push(options);
    return results.shift()!;
  };
  return { calls, fetchVersion };
}

describe('latestWaWebVersion', () => {
  it('asks once per TTL and reuses the answer in between', async () => {
    let t = 0;
    const fake = fakeFetch([
      { version: [2, 3000, 111], isLatest: true },
      { version: [2, 3000, 222], isLatest: true },
    ]);
    const resolve = latestWaWebVersion({ ttlMs: 1000, now: () => t, fetchVersion: fake.fetchVersion });
    expect(await resolve()).toEqual([2, 3000, 111]);
    t = 999;
    expect(await resolve()).toEqual([2, 3000, 111]);
    t = 1000;
    expect(await resolve()).toEqual([2, 3000, 222]);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0].signal).toBeInstanceOf(AbortSignal);
  });

  it('leaves the version to Baileys when the lookup fails, and asks again next time', async () => {
    const fake = fakeFetch([
      { version: [2, 3000, 1], isLatest: false },
      { version: [2, 3000, 333], isLatest: true },
    ]);
    const resolve = latestWaWebVersion({ fetchVersion: fake.fetchVersion });
    expect(await resolve()).toBeUndefined();
    expect(await resolve()).toEqual([2, 3000, 333]);
  });
});
