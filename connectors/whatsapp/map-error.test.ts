import { describe, expect, it } from 'vitest';
import { ChannelError } from '../channel.ts';
import { toChannelError, whatsappErrorCode } from './map-error.ts';
import { boomError } from './testing/fake-socket.ts';

describe('whatsappErrorCode', () => {
  it.each([
    [boomError('rate-overlimit', 500, 429), 'RATE_LIMITED'],
    [boomError('Connection Closed', 428), 'TEMPORARY'],
    [boomError('Timed Out', 408), 'TEMPORARY'],
    [boomError('Intentional Logout', 401), 'AUTH'],
    [boomError('item-not-found', 500, 404), 'INVALID_RECIPIENT'],
    [new Error('jid is not on WhatsApp'), 'INVALID_RECIPIENT'],
    [boomError('forbidden', 500, 403), 'BLOCKED'],
    [boomError('not-acceptable', 500, 406), 'REJECTED'],
    [new Error('something odd'), 'TEMPORARY'],
  ] as const)('maps %s to %s', (error, code) => {
    expect(whatsappErrorCode(error)).toBe(code);
  });

  it('wraps the provider error, asking rate-limited sends to wait', () => {
    const error = toChannelError(boomError('rate-overlimit', 500, 429));
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(true);
    expect(error.options.retryAfterMs).toBe(60_000);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
