import { describe, expect, it } from 'vitest';
import { S3Storage } from '../server/files/s3-storage.ts';
import { storageError } from '../server/files/storage-error.ts';
import { isDatabaseAway, isTransientFailure } from './is-transient-failure.ts';
import { putFile } from '../tests/support/fixtures.ts';
import { freePort } from './email/testing/free-port.ts';

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

  it('treats a file store that is away, failing or refusing us as passing, never as the fault of the message', async () => {
    const down = new S3Storage({
      kind: 's3',
      endpoint: `http://127.0.0.1:${await freePort()}`,
      bucket: 'ulak',
      region: 'us-east-1',
      accessKeyId: 'k',
      secretAccessKey: 's',
      sessionToken: undefined,
      pathStyle: true,
      prefix: '',
    });
    expect(isTransientFailure(await putFile(down, new Uint8Array([1])).catch((error) => error))).toBe(true);
    expect(isTransientFailure(new Error('Failed query', { cause: storageError(withCode('InternalError')) }))).toBe(true);
    expect(isTransientFailure(storageError(withCode('InvalidAccessKeyId')))).toBe(true);
  });

  it('treats the network failures of Bun and undici as passing', () => {
    for (const code of ['ConnectionRefused', 'ConnectionClosed', 'FailedToOpenSocket', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(isTransientFailure(withCode(code)), code).toBe(true);
    }
  });

  it('treats a lost race (serialization failure, deadlock) as passing', () => {
    expect(isTransientFailure(withCode('40001'))).toBe(true);
    expect(isTransientFailure(withCode('40P01'))).toBe(true);
  });

  it('counts what the message itself causes, and anything unknown', () => {
    expect(isTransientFailure(withCode('22021', 'invalid byte sequence for encoding "UTF8"'))).toBe(false);
    expect(isTransientFailure(withCode('23505', 'duplicate key value'))).toBe(false);
    expect(isTransientFailure(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isTransientFailure('a string')).toBe(false);
  });
});

describe('isDatabaseAway', () => {
  it('is the database unreachable, restarting or full of connections, also wrapped by drizzle', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', '57P01', '57P03', '53300', '08006']) expect(isDatabaseAway(withCode(code)), code).toBe(true);
    expect(isDatabaseAway(new Error('Failed query', { cause: withCode('57P03') }))).toBe(true);
  });

  it('is not a lost race, the file store, a provider, or what a message causes', () => {
    expect(isDatabaseAway(withCode('40001'))).toBe(false);
    expect(isDatabaseAway(storageError(withCode('ECONNREFUSED')))).toBe(false);
    expect(isDatabaseAway(withCode('23505'))).toBe(false);
    expect(isDatabaseAway(new Error('Cannot read properties of undefined'))).toBe(false);
  });
});
