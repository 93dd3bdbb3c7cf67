import { describe, expect, it } from 'vitest';
import { ChannelError } from './channel.ts';

describe('ChannelError', () => {
  it('retries temporary and rate-limit failures only', () => {
    expect(new ChannelError('TEMPORARY', 'x').retryable).toBe(true);
    expect(new ChannelError('RATE_LIMITED', 'x', { retryAfterMs: 1000 }).retryable).toBe(true);
    expect(new ChannelError('INVALID_RECIPIENT', 'x').retryable).toBe(false);
    expect(new ChannelError('OPTED_OUT', 'x').retryable).toBe(false);
  });
});
