import { describe, expect, it } from 'vitest';
import { TelegramError } from 'telegraf';
import { mapTelegramError } from './map-telegram-error.ts';

const botApi = (error_code: number, description: string, parameters?: object) => new TelegramError({ error_code, description, parameters } as never);

describe('mapTelegramError', () => {
  it('turns 429 into RATE_LIMITED with retry_after in milliseconds', () => {
    const error = mapTelegramError(botApi(429, 'Too Many Requests: retry after 7', { retry_after: 7 }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.options.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
  });

  it('turns a blocked bot into BLOCKED, which is final', () => {
    const error = mapTelegramError(botApi(403, 'Forbidden: bot was blocked by the user'));
    expect(error.code).toBe('BLOCKED');
    expect(error.retryable).toBe(false);
  });

  it('turns an unknown chat into INVALID_RECIPIENT', () => {
    expect(mapTelegramError(botApi(400, 'Bad Request: chat not found')).code).toBe('INVALID_RECIPIENT');
  });

  it('turns a revoked token into AUTH', () => {
    expect(mapTelegramError(botApi(401, 'Unauthorized')).code).toBe('AUTH');
  });

  it('treats server errors and network failures as TEMPORARY', () => {
    expect(mapTelegramError(botApi(502, 'Bad Gateway')).code).toBe('TEMPORARY');
    expect(mapTelegramError(new Error('ECONNREFUSED')).code).toBe('TEMPORARY');
  });

  it('treats any other bad request as REJECTED', () => {
    expect(mapTelegramError(botApi(400, 'Bad Request: message text is empty')).code).toBe('REJECTED');
  });
});
