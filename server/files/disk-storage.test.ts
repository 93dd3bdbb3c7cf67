import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
});
