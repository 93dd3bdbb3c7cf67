import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ConfigError, describeIgnored, describeMisconfiguration, loadConfig } from './config.ts';

const base = { ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: '/nonexistent/ulak-config-test' };

describe('ULAK_SEND_LEASE_SECONDS', () => {
  it('holds a claim on a reply for five minutes unless told otherwise', () => {
    expect(loadConfig(base).sendLeaseMs).toBe(300_000);
  });

  it('takes a shorter lease from the operator', () => {
    expect(loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '45' }).sendLeaseMs).toBe(45_000);
  });

  it('refuses a lease shorter than a provider call may take, naming the variable', () => {
    expect(() => loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '10' })).toThrow(/ULAK_SEND_LEASE_SECONDS: must be at least 30/);
  });
});

describe('ULAK_S3_*', () => {
  const s3 = { ULAK_S3_BUCKET: 'ulak-files', ULAK_S3_ACCESS_KEY_ID: 'AKIA1', ULAK_S3_SECRET_ACCESS_KEY: 'secret' };

  it('keeps files on disk under the data dir when none is set', () => {
    expect(loadConfig(base).storage).toEqual({ kind: 'disk', root: '/nonexistent/ulak-config-test/files' });
  });

  it('stores files in the bucket with path-style addressing and us-east-1 unless told otherwise', () => {
    expect(loadConfig({ ...base, ...s3 }).storage).toEqual({
      kind: 's3',
      endpoint: undefined,
      region: 'us-east-1',
      pathStyle: true,
      prefix: '',
      bucket: 'ulak-files',
      accessKeyId: 'AKIA1',
      secretAccessKey: 'secret',
    });
    const full = loadConfig({ ...base, ...s3, ULAK_S3_ENDPOINT: 'http://minio:9000/', ULAK_S3_REGION: 'auto', ULAK_S3_PATH_STYLE: 'false', ULAK_S3_PREFIX: '/ulak/prod/' });
    expect(full.storage).toMatchObject({ kind: 's3', endpoint: 'http://minio:9000', region: 'auto', pathStyle: false, prefix: 'ulak/prod/' });
  });

  it('refuses half a setting, naming what is missing, rather than silently using the disk', () => {
    expect(() => loadConfig({ ...base, ULAK_S3_BUCKET: 'ulak-files' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ULAK_S3_BUCKET: 'ulak-files' })).toThrow(
      /ULAK_S3_ACCESS_KEY_ID: required for object storage \(ULAK_S3_BUCKET is set\)\n {2}ULAK_S3_SECRET_ACCESS_KEY: required/,
    );
    expect(() => loadConfig({ ...base, ULAK_S3_ENDPOINT: 'http://minio:9000' })).toThrow(/ULAK_S3_BUCKET: required for object storage \(ULAK_S3_ENDPOINT is set\)/);
  });

  it('refuses bad values with the variable named', () => {
    expect(() => loadConfig({ ...base, ...s3, ULAK_S3_PATH_STYLE: 'yes' })).toThrow(/ULAK_S3_PATH_STYLE: must be true or false/);
    expect(() => loadConfig({ ...base, ...s3, ULAK_S3_ENDPOINT: 'minio:9000' })).toThrow(/ULAK_S3_ENDPOINT: must be an http/);
    expect(() => loadConfig({ ...base, ...s3, ULAK_S3_BUCKET: 'Bad_Bucket' })).toThrow(/ULAK_S3_BUCKET: must be a bucket name/);
    expect(() => loadConfig({ ...base, ...s3, ULAK_S3_PREFIX: 'a/../b' })).toThrow(/ULAK_S3_PREFIX: must not contain/);
    for (const prefix of ['.', './ulak', 'ulak/.', 'ulak//prod'])
      expect(() => loadConfig({ ...base, ...s3, ULAK_S3_PREFIX: prefix })).toThrow(/ULAK_S3_PREFIX: must not contain "\.", "\.\." or empty segments/);
    expect(loadConfig({ ...base, ...s3, ULAK_S3_PREFIX: '/ulak/prod/' }).storage).toMatchObject({ prefix: 'ulak/prod/' });
  });

  it('refuses virtual-hosted addressing of an endpoint given as an address, which has no name to put the bucket in front of', () => {
    for (const endpoint of ['http://127.0.0.1:9000', 'http://[::1]:9000']) {
      expect(() => loadConfig({ ...base, ...s3, ULAK_S3_ENDPOINT: endpoint, ULAK_S3_PATH_STYLE: 'false' })).toThrow(/ULAK_S3_PATH_STYLE: false puts the bucket in front of/);
      expect(loadConfig({ ...base, ...s3, ULAK_S3_ENDPOINT: endpoint }).storage).toMatchObject({ pathStyle: true });
    }
    expect(loadConfig({ ...base, ...s3, ULAK_S3_ENDPOINT: 'http://minio.internal:9000', ULAK_S3_PATH_STYLE: 'false' }).storage).toMatchObject({ pathStyle: false });
  });
});

describe('ULAK_PGLITE_SHARED_BUFFERS_MB', () => {
  it("leaves PGlite's shared buffers to the database client unless told otherwise", () => {
    expect(loadConfig(base).pgliteSharedBuffersMb).toBeUndefined();
    expect(loadConfig({ ...base, ULAK_PGLITE_SHARED_BUFFERS_MB: '4' }).pgliteSharedBuffersMb).toBe(4);
  });

  it('refuses a size that is not a whole number of MB from 1 to 1024, naming the variable', () => {
    for (const bad of ['0', '2.5', '4MB', '2048']) expect(() => loadConfig({ ...base, ULAK_PGLITE_SHARED_BUFFERS_MB: bad })).toThrow(/ULAK_PGLITE_SHARED_BUFFERS_MB: must be/);
  });
});

describe('ULAK_* variables that are no setting', () => {
  it('are listed with the setting each most likely meant, and change nothing else', () => {
    const config = loadConfig({ ...base, ULAK_S3_ACCESS_KEY: 'AKIA1', ULAK_DATADIR: '/srv/ulak', ULAK_THEME: 'dark', HOME: '/root' });
    expect(config.ignored).toEqual([
      { name: 'ULAK_S3_ACCESS_KEY', closest: 'ULAK_S3_ACCESS_KEY_ID' },
      { name: 'ULAK_DATADIR', closest: 'ULAK_DATA_DIR' },
      { name: 'ULAK_THEME', closest: undefined },
    ]);
    expect(config.storage.kind).toBe('disk');
    expect(config.dataDir).toBe('/nonexistent/ulak-config-test');
    expect(config.ignored.map(describeIgnored)).toEqual([
      'ULAK_S3_ACCESS_KEY is not a setting Ulak reads and is ignored; did you mean ULAK_S3_ACCESS_KEY_ID?',
      'ULAK_DATADIR is not a setting Ulak reads and is ignored; did you mean ULAK_DATA_DIR?',
      'ULAK_THEME is not a setting Ulak reads and is ignored',
    ]);
  });

  it('are named in the error when the start is refused, since the misspelling is most likely why', () => {
    const env = { ...base, ULAK_S3_BUCKET: 'ulak-files', ULAK_S3_ACCESS_KEY: 'AKIA1', ULAK_S3_SECRET_ACCESS_KEY: 'secret' };
    expect(() => loadConfig(env)).toThrow(/ULAK_S3_ACCESS_KEY_ID: required[\s\S]*ULAK_S3_ACCESS_KEY is not a setting Ulak reads and is ignored; did you mean ULAK_S3_ACCESS_KEY_ID\?/);
    expect(() => loadConfig({ ...base, ULAK_SEND_LEASE_SECONDS: '10', ULAK_SEND_LEASE_SECOND: '45' })).toThrow(
      /ULAK_SEND_LEASE_SECONDS: must be at least 30[\s\S]*ULAK_SEND_LEASE_SECOND is not a setting Ulak reads and is ignored; did you mean ULAK_SEND_LEASE_SECONDS\?/,
    );
  });

  it('are none when every set ULAK_* variable is a setting', () => {
    expect(loadConfig({ ...base, ULAK_S3_BUCKET: 'ulak-files', ULAK_S3_ACCESS_KEY_ID: 'AKIA1', ULAK_S3_SECRET_ACCESS_KEY: 'secret' }).ignored).toEqual([]);
  });
});

describe('ULAK_WEBHOOK_DISABLE_FAILURES and ULAK_WEBHOOK_DISABLE_MINUTES', () => {
  it('disable a failing webhook after 50 failures over an hour unless set', () => {
    expect(loadConfig(base).webhookDisable).toEqual({ failures: 50, afterMs: 3_600_000 });
    expect(loadConfig({ ...base, ULAK_WEBHOOK_DISABLE_FAILURES: '5', ULAK_WEBHOOK_DISABLE_MINUTES: '0' }).webhookDisable).toEqual({ failures: 5, afterMs: 0 });
  });

  it('refuse a count below 1 and a period over a day, naming the setting', () => {
    expect(() => loadConfig({ ...base, ULAK_WEBHOOK_DISABLE_FAILURES: '0' })).toThrow(/ULAK_WEBHOOK_DISABLE_FAILURES: must be at least 1/);
    expect(() => loadConfig({ ...base, ULAK_WEBHOOK_DISABLE_MINUTES: '2000' })).toThrow(/ULAK_WEBHOOK_DISABLE_MINUTES: must be at most 1440/);
  });
});

describe('a data dir the file system refuses', () => {
  const refusal = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code, path, syscall: 'mkdir' });

  it('is told in words naming the path, the reason and ULAK_DATA_DIR', () => {
    expect(describeMisconfiguration(refusal('ENOTDIR', '/srv/file/data/pglite'), { ULAK_DATA_DIR: '/srv/file/data' })).toBe(
      'Cannot write /srv/file/data/pglite: a part of the path is a file, not a directory (ENOTDIR). Ulak keeps its key, embedded database and files under ULAK_DATA_DIR (now /srv/file/data): set it to a directory this user can create and write.',
    );
    expect(describeMisconfiguration(refusal('EROFS', resolve('data')), {})).toMatch(/^Cannot write .*: the file system is read-only \(EROFS\)\. .*ULAK_DATA_DIR \(now .*\/data\)/);
  });

  it('is the only file error put in words: one outside the data dir, or of another kind, keeps its stack', () => {
    expect(describeMisconfiguration(refusal('ENOENT', '/srv/app/migrations/meta/_journal.json'), { ULAK_DATA_DIR: '/srv/data' })).toBeUndefined();
    expect(describeMisconfiguration(refusal('EIO', '/srv/data/pglite'), { ULAK_DATA_DIR: '/srv/data' })).toBeUndefined();
    expect(describeMisconfiguration(new TypeError('x is undefined'), { ULAK_DATA_DIR: '/srv/data' })).toBeUndefined();
    expect(describeMisconfiguration(new ConfigError('Invalid configuration'))).toBe('Invalid configuration');
  });
});
