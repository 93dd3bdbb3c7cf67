// `bun tests/bench/files-move.ts [files] [kb]`: files:move throughput against the local fake S3 store (signature
// checks included), both ways, and one put/get of a 25 MB attachment. Figures for the README's object-storage note.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type S3StorageConfig } from '../../server/config.ts';
import { DiskStorage } from '../../server/files/file-storage.ts';
import { putFile } from '../support/fixtures.ts';
import { S3Storage } from '../../server/files/s3-storage.ts';
import { moveFiles } from '../../server/files/move-files.ts';
import { startFakeS3 } from '../support/fake-s3.ts';

const files = Number(process.argv[2] ?? 1000);
const kb = Number(process.argv[3] ?? 20);
const root = mkdtempSync(join(tmpdir(), 'ulak-bench-move-'));
const fake = startFakeS3();
const config = loadConfig({ ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: root, ...fake.env() }).storage as S3StorageConfig;
const bucket = new S3Storage(config);
const disk = new DiskStorage(join(root, 'files'));
for (let i = 0; i < files; i++) await putFile(disk, crypto.getRandomValues(new Uint8Array(kb * 1024)));

const timed = async (label: string, run: () => Promise<{ listed: number; copied: number; skipped: number; failed: unknown[] }>) => {
  const started = performance.now();
  const r = await run();
  const s = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${r.listed} listed, ${r.copied} copied, ${r.skipped} skipped, ${r.failed.length} failed in ${s.toFixed(2)} s = ${Math.round(r.listed / s)} files/s, ${((r.copied * kb) / 1024 / s).toFixed(1)} MB/s`,
  );
};
await timed('disk -> s3', () => moveFiles(disk, bucket));
await timed('disk -> s3 again (all skipped)', () => moveFiles(disk, bucket));
await timed('s3 -> disk (fresh dir, delete source)', () => moveFiles(bucket, new DiskStorage(join(root, 'back')), { deleteSource: true }));

const big = new Uint8Array(25 * 1024 * 1024).fill(7);
for (const [name, storage] of [
  ['disk', disk],
  ['s3', bucket],
] as const) {
  let t = performance.now();
  const key = await putFile(storage, big);
  const put = performance.now() - t;
  t = performance.now();
  await storage.get(key);
  console.log(`25 MB on ${name}: put ${put.toFixed(0)} ms, get ${(performance.now() - t).toFixed(0)} ms`);
}
fake.stop();
rmSync(root, { recursive: true, force: true });
