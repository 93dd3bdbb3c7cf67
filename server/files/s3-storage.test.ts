import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type S3StorageConfig } from '../config.ts';
import { startFakeS3, type FakeS3 } from '../../tests/support/fake-s3.ts';
import { S3Storage } from './s3-storage.ts';
import { openStorage } from './open-storage.ts';
import { runStorageContract } from './storage.case.test.ts';
import { AppError } from '../errors.ts';
import { putFile } from '../../tests/support/fixtures.ts';

const s3Config = (fake: FakeS3, env: Record<string, string> = {}) =>
  loadConfig({ ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: '/nonexistent/ulak-s3-test', ...fake.env(env) }).storage as S3StorageConfig;

runStorageContract('S3 (fake store, path-style, with a prefix)', async () => {
  const fake = startFakeS3();
  return { storage: new S3Storage(s3Config(fake, { ULAK_S3_PREFIX: 'ulak/prod' })), close: () => fake.stop() };
});

runStorageContract('S3 (fake store, virtual-hosted)', async () => {
  const fake = startFakeS3();
  // *.localhost resolves to the loopback address, so the bucket can be a subdomain of it.
  return { storage: new S3Storage(s3Config(fake, { ULAK_S3_ENDPOINT: fake.endpoint.replace('127.0.0.1', 'localhost'), ULAK_S3_PATH_STYLE: 'false' })), close: () => fake.stop() };
});

describe('S3 storage', () => {
  let fake: FakeS3;
  beforeAll(() => {
    fake = startFakeS3();
  });
  afterAll(() => fake.stop());

  it('stores objects under the prefix and lists them back without it, across pages', async () => {
    const storage = new S3Storage(s3Config(fake, { ULAK_S3_PREFIX: '/tenant-a/' }));
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push(await putFile(storage, new Uint8Array([i])));
    expect([...fake.objects.keys()].filter((k) => k.startsWith('tenant-a/')).sort()).toEqual(keys.map((k) => `tenant-a/${k}`).sort());
    fake.objects.set('other/2026/01/x', { body: new Uint8Array(1), etag: 'x', lastModified: new Date() });
    const listed = [];
    for await (const f of storage.list()) listed.push(f.key);
    expect(listed.sort()).toEqual([...keys].sort());
  });

  it('does not list the empty "folder" objects a store console makes as files', async () => {
    const storage = new S3Storage(s3Config(fake, { ULAK_S3_PREFIX: 'folders' }));
    const key = await putFile(storage, new Uint8Array([7]));
    for (const marker of ['folders/', `folders/${key.split('/')[0]}/`]) fake.objects.set(marker, { body: new Uint8Array(0), etag: 'd41d8cd98f00b204e9800998ecf8427e', lastModified: new Date() });
    const listed = [];
    for await (const f of storage.list()) listed.push(f.key);
    expect(listed).toEqual([key]);
  });

  it('is refused by a store that does not accept the secret, with the store code and the setting to check', async () => {
    const wrong = new S3Storage(s3Config(fake, { ULAK_S3_SECRET_ACCESS_KEY: 'not-the-secret' }));
    const error = await putFile(wrong, new Uint8Array([1])).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: 'storage_refused', message: expect.stringContaining('SignatureDoesNotMatch') });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', status: 403 });
    await expect(openStorage(s3Config(fake, { ULAK_S3_SECRET_ACCESS_KEY: 'not-the-secret' }))).rejects.toThrow(
      /^File storage s3:\/\/ulak-files\/ at http:\/\/127\.0\.0\.1:\d+ cannot be used: SignatureDoesNotMatch .* ULAK_S3_SECRET_ACCESS_KEY does not match ULAK_S3_ACCESS_KEY_ID\.$/,
    );
    await expect(openStorage(s3Config(fake, { ULAK_S3_ACCESS_KEY_ID: 'AKIAUNKNOWN' }))).rejects.toThrow(/InvalidAccessKeyId .* the store does not know ULAK_S3_ACCESS_KEY_ID/);
    await expect(openStorage(s3Config(fake, { ULAK_S3_BUCKET: 'no-such-bucket' }))).rejects.toThrow(/NoSuchBucket .* ULAK_S3_BUCKET does not exist/);
    await expect(openStorage(s3Config(fake, { ULAK_S3_REGION: 'us-west-2' }))).rejects.toThrow(/AuthorizationHeaderMalformed .* another ULAK_S3_REGION/);
  });

  it('starts on a store that does not list, proving the keys by asking for an object that is not there', async () => {
    const bare = startFakeS3({ listing: false });
    try {
      const storage = await openStorage(s3Config(bare, { ULAK_S3_PREFIX: 'ulak/' }));
      expect(bare.requests.map((r) => [r.method, r.status])).toEqual([
        ['GET', 501],
        ['HEAD', 404],
      ]);
      expect(bare.requests[1]!.key).toMatch(/^ulak\/\.ulak-start-check-[0-9a-f-]{36}$/);
      const key = await putFile(storage, new Uint8Array([7]));
      expect(await storage.get(key)).toEqual(new Uint8Array([7]));
      // Listing (files:orphans, files:move from the bucket) is refused for good, not "unavailable, try again shortly".
      await expect(storage.list()[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 503, code: 'storage_refused', message: expect.stringContaining('ListObjectsV2') });
      await expect(openStorage(s3Config(bare, { ULAK_S3_SECRET_ACCESS_KEY: 'not-the-secret' }))).rejects.toThrow(/SignatureDoesNotMatch .* ULAK_S3_SECRET_ACCESS_KEY does not match/);
      const gone = startFakeS3({ listing: false });
      gone.stop();
      await expect(openStorage(s3Config(gone))).rejects.toThrow(/cannot be used: .* check ULAK_S3_ENDPOINT and that the store is running\.$/);
    } finally {
      bare.stop();
    }
  });

  it('addresses the bucket as a subdomain of the endpoint when path style is off', async () => {
    const storage = new S3Storage(s3Config(fake, { ULAK_S3_ENDPOINT: fake.endpoint.replace('127.0.0.1', 'localhost'), ULAK_S3_PATH_STYLE: 'false' }));
    const key = await putFile(storage, new Uint8Array([42]));
    expect(storage.location).toBe(`s3://ulak-files/ at ${fake.endpoint.replace('127.0.0.1', 'ulak-files.localhost')}`);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'PUT', key, status: 200, headers: { host: expect.stringMatching(/^ulak-files\.localhost:\d+$/) } });
    expect(fake.objects.get(key)?.body).toEqual(new Uint8Array([42]));
  });

  it('says the store is unavailable, not refused, when it cannot be reached or fails', async () => {
    const storage = new S3Storage(s3Config(fake));
    fake.failWrites(1);
    await expect(putFile(storage, new Uint8Array([1]))).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
    const gone = startFakeS3();
    gone.stop();
    await expect(new S3Storage(s3Config(gone)).get('2026/01/x')).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
  });
});

describe('S3 session tokens', () => {
  it('sends ULAK_S3_SESSION_TOKEN, and a store that did not issue it refuses the start with InvalidToken', async () => {
    const fake = startFakeS3();
    try {
      await expect(openStorage(s3Config(fake, { ULAK_S3_SESSION_TOKEN: 'sts-token' }))).rejects.toThrow(/InvalidToken .* the credentials are not valid/);
      expect(fake.requests.at(-1)?.headers['x-amz-security-token']).toBe('sts-token');
    } finally {
      fake.stop();
    }
  });
});
