// files:move between the disk and a bucket: every file arrives verified under the same key (so rows need no change),
// a second run skips what is there, an interrupted run resumes, and the command reports counts and exit codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type S3StorageConfig } from '../../server/config.ts';
import { DiskStorage } from '../../server/files/file-storage.ts';
import { S3Storage } from '../../server/files/s3-storage.ts';
import { moveFiles } from '../../server/files/move-files.ts';
import { createApp } from '../../server/app.ts';
import { attachments } from '../../server/db/schema/index.ts';
import { Client, createTestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { startFakeS3, type FakeS3 } from '../support/fake-s3.ts';

const bytes = (i: number, size = 100 + i) => new Uint8Array(size).map((_, j) => (i * 31 + j) % 256);

describe('moving files between disk and bucket', () => {
  let s3: FakeS3;
  let dataDir: string;
  const env = (overrides: Record<string, string> = {}) => ({ ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...s3.env(overrides) });
  const bucket = () => new S3Storage(loadConfig(env()).storage as S3StorageConfig);

  beforeAll(() => {
    s3 = startFakeS3();
    dataDir = mkdtempSync(join(tmpdir(), 'ulak-move-'));
  });
  afterAll(() => {
    s3.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies every file under its key, verified, then skips them all on a second run', async () => {
    const disk = new DiskStorage(join(dataDir, 'move-1'));
    const keys = ['2025/11/a', '2025/12/b', '2026/01/c', '2026/01/d'];
    for (const [i, key] of keys.entries()) await disk.write(key, bytes(i));
    // Over 5 MB: still one PUT, still verified by its MD5 ETag.
    await disk.write('2026/02/big', bytes(9, 6 * 1024 * 1024));
    const first = await moveFiles(disk, bucket());
    expect(first).toEqual({ listed: 5, copied: 5, skipped: 0, gone: 0, deleted: 0, bytes: 6 * 1024 * 1024 + 100 * 4 + 6, failed: [] });
    for (const [i, key] of keys.entries()) expect(s3.objects.get(key)?.body).toEqual(bytes(i));
    expect(s3.objects.get('2026/02/big')?.body.byteLength).toBe(6 * 1024 * 1024);
    const puts = s3.requests.filter((r) => r.method === 'PUT').length;
    expect(await moveFiles(disk, bucket())).toEqual({ listed: 5, copied: 0, skipped: 5, gone: 0, deleted: 0, bytes: 0, failed: [] });
    expect(s3.requests.filter((r) => r.method === 'PUT').length).toBe(puts);
  });

  it('rewrites a target file that differs, and resumes after the store failed mid-move', async () => {
    const disk = new DiskStorage(join(dataDir, 'move-2'));
    for (let i = 0; i < 6; i++) await disk.write(`2026/03/f${i}`, bytes(i));
    s3.objects.set('2026/03/f0', { body: bytes(0).reverse(), etag: 'not-an-md5', lastModified: new Date() });
    s3.failWrites(2);
    const interrupted = await moveFiles(disk, bucket(), { concurrency: 1 });
    expect(interrupted).toMatchObject({ listed: 6, copied: 4, skipped: 0 });
    expect(interrupted.failed).toEqual([
      { key: '2026/03/f0', reason: 'File storage is unavailable right now (InternalError); try again shortly' },
      { key: '2026/03/f1', reason: 'File storage is unavailable right now (InternalError); try again shortly' },
    ]);
    expect(await moveFiles(disk, bucket())).toMatchObject({ listed: 6, copied: 2, skipped: 4, failed: [] });
    for (let i = 0; i < 6; i++) expect(s3.objects.get(`2026/03/f${i}`)?.body).toEqual(bytes(i));
  });

  it('moves back to the disk, deleting from the bucket only what it verified', async () => {
    const back = new DiskStorage(join(dataDir, 'back'));
    const inBucket = s3.objects.size;
    const report = await moveFiles(bucket(), back, { deleteSource: true });
    expect(report).toMatchObject({ listed: inBucket, copied: inBucket, deleted: inBucket, failed: [] });
    expect(s3.objects.size).toBe(0);
    expect(await back.get('2026/03/f5')).toEqual(bytes(5));
    expect((await back.stat('2026/02/big'))?.size).toBe(6 * 1024 * 1024);
  });

  it('counts each file once: one deleted by Ulak during the move is gone, not failed; one the source would not delete failed, not copied', async () => {
    // As an erasure or the unsent-upload sweep deleting a file after the listing, before its turn; and a source
    // directory that lets files be read but not removed.
    class RacingDisk extends DiskStorage {
      override async get(key: string) {
        if (key === '2026/04/g0') await super.delete(key);
        return super.get(key);
      }
      override async delete(key: string) {
        if (key === '2026/04/g1') throw new Error('File storage is unavailable (EACCES)');
        return super.delete(key);
      }
    }
    const disk = new DiskStorage(join(dataDir, 'move-3'));
    const source = new RacingDisk(join(dataDir, 'move-3'));
    for (let i = 0; i < 3; i++) await disk.write(`2026/04/g${i}`, bytes(i));
    const report = await moveFiles(source, bucket(), { deleteSource: true, concurrency: 1 });
    expect(report).toEqual({
      listed: 3,
      copied: 1,
      skipped: 0,
      gone: 1,
      deleted: 1,
      bytes: bytes(2).byteLength,
      failed: [{ key: '2026/04/g1', reason: 'copied and verified, but not deleted from the source: File storage is unavailable (EACCES)' }],
    });
    expect(s3.objects.get('2026/04/g1')?.body).toEqual(bytes(1));
    // The next run finds the copy, skips it, and deletes the source file then.
    expect(await moveFiles(disk, bucket(), { deleteSource: true })).toMatchObject({ listed: 1, copied: 0, skipped: 1, deleted: 1, failed: [] });
    for (const key of [...s3.objects.keys()]) if (key.startsWith('2026/04/')) s3.objects.delete(key);
  });

  async function run(args: string[], overrides: Record<string, string> = {}) {
    const proc = Bun.spawn(['bun', 'server/main.ts', ...args], { env: { ...process.env, ...env(overrides) }, stdout: 'pipe', stderr: 'pipe' });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, out: stdout + stderr };
  }

  it('runs as a command both ways, with counts, exit codes, and clear refusals', { timeout: 120_000 }, async () => {
    const disk = new DiskStorage(join(dataDir, 'files'));
    for (let i = 0; i < 3; i++) await disk.write(`2026/04/cli${i}`, bytes(i));
    const there = await run(['files:move', '--to', 's3']);
    expect(there.code).toBe(0);
    expect(there.out).toMatch(/3 listed, 3 copied \(303 bytes\), 0 already there, 0 deleted from the source, 0 failed in [\d.]+ s\./);
    expect((await run(['files:move', '--to', 's3'])).out).toContain('3 listed, 0 copied (0 bytes), 3 already there');
    const back = await run(['files:move', '--to', 'disk', '--delete-source']);
    expect(back.code).toBe(0);
    expect(back.out).toContain('3 listed, 0 copied (0 bytes), 3 already there, 3 deleted from the source, 0 failed');
    expect(s3.objects.size).toBe(0);

    expect(await run(['files:move', '--to', 'ftp'])).toMatchObject({ code: 2, out: expect.stringContaining('Usage: bun server/main.ts files:move --to s3|disk') });
    const wrong = await run(['files:move', '--to', 's3'], { ULAK_S3_SECRET_ACCESS_KEY: 'wrong' });
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('cannot be used: SignatureDoesNotMatch');
    // A source that cannot be read fails the run: it never reports "Done" over files it did not see.
    const unreadable = mkdtempSync(join(tmpdir(), 'ulak-move-unreadable-'));
    await Bun.write(join(unreadable, 'files'), 'a file where the files directory should be');
    const blind = await run(['files:move', '--to', 's3'], { ULAK_DATA_DIR: unreadable });
    expect(blind.code).toBe(1);
    expect(blind.out).toContain(`Could not list the files in ${join(unreadable, 'files')}: File storage is unavailable right now (ENOTDIR)`);
    expect(blind.out).not.toContain('Done.');
    rmSync(unreadable, { recursive: true, force: true });
    // The server refuses to start the same way, before it opens the database.
    const serve = await run(['serve'], { ULAK_S3_ACCESS_KEY_ID: 'AKIAWRONG' });
    expect(serve.code).toBe(2);
    expect(serve.out).toContain('InvalidAccessKeyId');
    expect(serve.out).toContain('the store does not know ULAK_S3_ACCESS_KEY_ID');
  });

  it('serves, from the bucket, a file that was stored on the disk before the move, with no row changed', async () => {
    const t = await createTestApp({ storage: 'config', env: { ULAK_DATA_DIR: mkdtempSync(join(tmpdir(), 'ulak-move-app-')) } });
    try {
      const admin = await Client.admin(t.app);
      const channel = await createApiChannel(admin);
      const conv = (await postInbound(t.app, channel, { externalId: 'm1', from: { id: 'c1', name: 'Ece' }, text: 'Raporu yollar mısınız?' })).body.conversationId;
      const form = new FormData();
      form.set('file', new File([bytes(7)], 'rapor.bin'));
      const upload = (await admin.call('POST', '/api/uploads', form)).body;
      const note = await admin.ok('POST', `/api/conversations/${conv}/messages`, { text: 'rapor', private: true, attachmentIds: [upload.id] });
      const rows = await t.database.db.select().from(attachments);
      expect(t.services.storage).toBeInstanceOf(DiskStorage);

      const report = await moveFiles(t.services.storage as DiskStorage, bucket(), { deleteSource: true });
      expect(report).toMatchObject({ listed: 1, copied: 1, deleted: 1, failed: [] });
      expect((await admin.call('GET', note.attachments[0].url)).status).toBe(404);
      // The same process restarted with ULAK_S3_*: same database, same rows, files from the bucket.
      const onBucket = new Client(createApp({ ...t.services, storage: bucket() }));
      onBucket.cookie = admin.cookie;
      const download = await onBucket.raw('GET', note.attachments[0].url);
      expect(download.status).toBe(200);
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes(7));
      expect(await t.database.db.select().from(attachments)).toEqual(rows);
    } finally {
      await t.close();
    }
  });
});
