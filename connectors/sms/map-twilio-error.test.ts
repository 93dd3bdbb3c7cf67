import { describe, expect, it } from 'vitest';
import { mapTwilioCode, mapTwilioError } from './map-twilio-error.ts';

const rest = (status: number, code?: number, message = 'failed') => Object.assign(new Error(message), { status, code });

describe('mapTwilioError', () => {
  it('maps an unsubscribed recipient to OPTED_OUT', () => {
    expect(mapTwilioError(rest(400, 21610, 'Attempt to send to unsubscribed recipient')).code).toBe('OPTED_OUT');
  });

  it('maps invalid and non-mobile numbers to INVALID_RECIPIENT', () => {
    expect(mapTwilioError(rest(400, 21211)).code).toBe('INVALID_RECIPIENT');
    expect(mapTwilioError(rest(400, 21614)).code).toBe('INVALID_RECIPIENT');
  });

  it('maps rate limiting to RATE_LIMITED, by code or by HTTP 429', () => {
    expect(mapTwilioError(rest(429, 20429)).code).toBe('RATE_LIMITED');
    expect(mapTwilioError(rest(429)).retryable).toBe(true);
  });

  it('maps failed authentication to AUTH', () => {
    expect(mapTwilioError(rest(401, 20003)).code).toBe('AUTH');
  });

  it('maps server errors and network failures to TEMPORARY', () => {
    expect(mapTwilioError(rest(503)).code).toBe('TEMPORARY');
    expect(mapTwilioError(new TypeError('fetch failed')).code).toBe('TEMPORARY');
  });

  it('maps any other client error to REJECTED, which is final', () => {
    const error = mapTwilioError(rest(400, 21602, 'Message body is required'));
    expect(error.code).toBe('REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('21602');
  });
});

describe('mapTwilioCode for status callbacks', () => {
  it('reads delivery failure codes without an HTTP status', () => {
    expect(mapTwilioCode(30003)).toBe('TEMPORARY');
    expect(mapTwilioCode(30004)).toBe('BLOCKED');
    expect(mapTwilioCode(30005)).toBe('INVALID_RECIPIENT');
    expect(mapTwilioCode(30007)).toBe('REJECTED');
    expect(mapTwilioCode(21610)).toBe('OPTED_OUT');
    expect(mapTwilioCode(39999)).toBe('REJECTED');
  });
});
