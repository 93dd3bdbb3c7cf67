import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskStorage } from './file-storage.ts';
import { runStorageContract } from './storage.case.test.ts';

runStorageContract('disk', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ulak-disk-'));
  return { storage: new DiskStorage(join(root, 'files')), close: () => rmSync(root, { recursive: true, force: true }) };
});

describe('disk storage', () => {
  it('leaves no half-written file behind and does not list one a crash left', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ulak-disk-'));
    const storage = new DiskStorage(root);
    await storage.write('2026/12/a', new Uint8Array(10));
    expect(readdirSync(join(root, '2026/12'))).toEqual(['a']);
    // What a crash between write and rename leaves.
    await Bun.write(join(root, '2026/12/b.partial-123'), 'half');
    const keys = [];
    for await (const f of storage.list()) keys.push(f.key);
    expect(keys).toEqual(['2026/12/a']);
    rmSync(root, { recursive: true, force: true });
  });

  it('answers a failing disk as storage_unavailable, never as a missing file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ulak-disk-'));
    const storage = new DiskStorage(root);
    // A file where a month directory should be, and a directory where a file should be.
    writeFileSync(join(root, '2026'), 'not a directory');
    mkdirSync(join(root, '2025/01/b'), { recursive: true });
    await expect(storage.write('2026/12/a', new Uint8Array(1))).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
    await expect(storage.get('2025/01/b')).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
    // The same for a HEAD or a ranged download, which ask for the size first.
    await expect(storage.stat('2025/01/b')).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
    expect(await storage.get('2027/01/none')).toBeUndefined();
    expect(await storage.get('2026/12/a')).toBeUndefined();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists nothing from a root not made yet, and fails rather than look empty when the root cannot be read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ulak-disk-'));
    const none = [];
    for await (const f of new DiskStorage(join(root, 'not-yet')).list()) none.push(f);
    expect(none).toEqual([]);
    writeFileSync(join(root, 'files'), 'a file, not a directory');
    const listing = async () => {
      for await (const _ of new DiskStorage(join(root, 'files')).list());
    };
    await expect(listing()).rejects.toMatchObject({ status: 503, code: 'storage_unavailable' });
    rmSync(root, { recursive: true, force: true });
  });
});
