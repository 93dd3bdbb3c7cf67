import { describe, expect, it } from 'vitest';
import { isTransientFailure } from './is-transient-failure.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isTransientFailure', () => {
  it('treats a database that is unreachable or restarting as passing', () => {
    expect(isTransientFailure(withCode('ECONNREFUSED'))).toBe(true);
    expect(isTransientFailure(withCode('CONNECTION_CLOSED'))).toBe(true);
    expect(isTransientFailure(withCode('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isTransientFailure(withCode('08006'))).toBe(true);
  });

  it('finds the driver error that drizzle wrapped', () => {
    expect(isTransientFailure(new Error('Failed query', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('counts what the message itself causes, and anything unknown', () => {
    expect(isTransientFailure(withCode('22021', 'invalid byte sequence for encoding "UTF8"'))).toBe(false);
    expect(isTransientFailure(withCode('23505', 'duplicate key value'))).toBe(false);
    expect(isTransientFailure(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isTransientFailure('a string')).toBe(false);
  });
});
