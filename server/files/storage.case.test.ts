// The contract every MovableStorage passes; each storage's test calls `runStorageContract` once.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStorageKey, type MovableStorage } from './file-storage.ts';

export function runStorageContract(name: string, open: () => Promise<{ storage: MovableStorage; close(): Promise<void> | void }>) {
  describe(`${name} storage contract`, () => {
    let storage: MovableStorage;
    let close: () => Promise<void> | void;
    beforeAll(async () => {
      ({ storage, close } = await open());
    });
    afterAll(() => close());

    const bytes = (text: string) => new TextEncoder().encode(text);

    it('keeps a file under a dated key and gives the same bytes back', async () => {
      const content = bytes('fatura 1001 — ödendi');
      const key = newStorageKey();
      await storage.write(key, content);
      expect(key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
      expect(await storage.get(key)).toEqual(content);
      const stat = await storage.stat(key);
      expect(stat?.size).toBe(content.byteLength);
      if (stat?.md5) expect(stat.md5).toBe(createHash('md5').update(content).digest('hex'));
    });

    it('reads one range of a file, both ends included', async () => {
      const content = bytes('0123456789');
      const key = newStorageKey();
      await storage.write(key, content);
      expect(await storage.get(key, { start: 2, end: 5 })).toEqual(bytes('2345'));
      expect(await storage.get(key, { start: 9, end: 9 })).toEqual(bytes('9'));
      expect(await storage.get(key, { start: 0, end: 9 })).toEqual(content);
      await storage.delete(key);
      expect(await storage.get(key, { start: 0, end: 1 })).toBeUndefined();
    });

    it('answers undefined for a missing file and deletes one twice without error', async () => {
      const key = newStorageKey();
      await storage.write(key, bytes('x'));
      await storage.delete(key);
      await storage.delete(key);
      expect(await storage.get(key)).toBeUndefined();
      expect(await storage.stat(key)).toBeUndefined();
    });

    it('writes under a given key, replacing what was there, and lists every file with its size', async () => {
      await storage.write('2025/01/given', bytes('first'));
      await storage.write('2025/01/given', bytes('second, longer'));
      expect(await storage.get('2025/01/given')).toEqual(bytes('second, longer'));
      const listed = [];
      for await (const file of storage.list()) listed.push(file);
      expect(listed).toContainEqual({ key: '2025/01/given', size: 14, modifiedAt: expect.any(Date) });
      const given = listed.find((f) => f.key === '2025/01/given')!;
      expect(Math.abs(given.modifiedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      expect(listed.every((f) => !f.key.startsWith('/') && f.size >= 0)).toBe(true);
      expect(new Set(listed.map((f) => f.key)).size).toBe(listed.length);
    });

    it('refuses a key that climbs out of its place', async () => {
      await expect(storage.write('../outside', bytes('x'))).rejects.toThrow();
    });
  });
}
