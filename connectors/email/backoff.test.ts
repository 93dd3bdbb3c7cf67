import { describe, expect, it } from 'vitest';
import { backoffDelay, Waker } from './backoff.ts';

describe('backoffDelay', () => {
  const policy = { minMs: 1000, maxMs: 60_000 };

  it('doubles the ceiling per attempt up to the maximum', () => {
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(20, policy, () => 1)).toBe(60_000);
  });

  it('jitters between half the minimum and the ceiling', () => {
    expect(backoffDelay(5, policy, () => 0)).toBe(500);
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(5, policy)));
    expect(delays.size).toBeGreaterThan(1);
  });
});

describe('Waker', () => {
  it('remembers a wake that came before the wait', async () => {
    const waker = new Waker();
    waker.wake();
    const started = Date.now();
    await waker.wait(5000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('ends a wait when woken', async () => {
    const waker = new Waker();
    const waiting = waker.wait(5000);
    waker.wake();
    await expect(waiting).resolves.toBeUndefined();
  });
});
