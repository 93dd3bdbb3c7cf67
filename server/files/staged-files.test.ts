import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray, isNotNull } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { eventually } from '../../tests/support/api-channel.ts';
import { batchedIngestDeps, inbound, ingestDeps, insertChannel, MemoryStorage } from '../../tests/support/fixtures.ts';
import { attachments, stagedFiles } from '../db/schema/index.ts';
import { ingestMessage } from '../inbound/ingest-message.ts';
import { GroupCommitter } from '../inbound/group-commit.ts';
import { claimStagedFiles, STAGED_FILE_GRACE_MS, StagedFileGone, stageFiles, sweepStagedFiles } from './staged-files.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const bytes = (text: string) => new TextEncoder().encode(text);
const file = (name: string) => ({ filename: `${name}.pdf`, contentType: 'application/pdf', size: name.length, content: bytes(name) });

/** A store that refuses to write one file, as a bucket failing for a moment does. */
class FailingWrites extends MemoryStorage {
  failing: string | undefined;
  override async write(key: string, content: Uint8Array) {
    if (new TextDecoder().decode(content) === this.failing) throw new Error('File storage is unavailable (ConnectionRefused)');
    await super.write(key, content);
  }
}
const later = (ms: number) => () => new Date(Date.now() + ms);

async function namedKeys(): Promise<string[]> {
  const rows = await database.db.select({ key: attachments.storageKey }).from(attachments).where(isNotNull(attachments.storageKey));
  return rows.map((r) => r.key!);
}

describe('files written before their rows commit', () => {
  it('leave no file behind when the store fails midway through a message, and keep each once when it is retried', async () => {
    const channel = await insertChannel(database, 'api');
    const storage = new FailingWrites();
    const deps = ingestDeps(database, { storage });
    const message = inbound({ attachments: [file('fatura'), file('irsaliye')] });
    storage.failing = 'irsaliye';
    await expect(ingestMessage(deps, channel, message)).rejects.toThrow(/unavailable/);
    // The first file was written before the store failed on the second; no row names it.
    expect(storage.files.size).toBe(1);
    expect(await sweepStagedFiles({ ...deps, now: later(STAGED_FILE_GRACE_MS - 60_000) })).toBe(0);
    expect(await sweepStagedFiles({ ...deps, now: later(STAGED_FILE_GRACE_MS + 60_000) })).toBeGreaterThanOrEqual(1);
    expect(storage.files.size).toBe(0);
    // The provider sends it again once the store is back: stored once, and a third copy writes nothing.
    storage.failing = undefined;
    await ingestMessage(deps, channel, message);
    expect(await ingestMessage(deps, channel, message)).toMatchObject({ created: false });
    expect([...storage.files.keys()].sort()).toEqual((await namedKeys()).sort());
    expect(storage.files.size).toBe(2);
  });

  it('leave the store holding only the files rows name after a batch is run again message by message', async () => {
    const channel = await insertChannel(database, 'api');
    const from = (id: string) => ({ identities: [{ kind: 'phone' as const, value: `+90555${id}` }] });
    await ingestMessage(ingestDeps(database), channel, inbound({ from: from('1000002') }));
    const deps = batchedIngestDeps(database, 3);
    const storage = deps.storage as MemoryStorage;
    // A channel that does not exist breaks the batch: it runs again message by message, and that one is refused.
    const outcomes = await Promise.allSettled([
      ingestMessage(deps, channel, inbound({ attachments: [file('a')], from: from('1000001') })),
      ingestMessage(deps, { id: randomUUID(), kind: 'api' }, inbound({ attachments: [file('gone')], from: from('1000002') })),
      ingestMessage(deps, channel, inbound({ attachments: [file('b')], from: from('1000003') })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await sweepStagedFiles({ ...deps, now: later(STAGED_FILE_GRACE_MS + 60_000) });
    const named = await namedKeys();
    expect([...storage.files.keys()].filter((k) => !named.includes(k))).toEqual([]);
    expect(new Set(named.map((k) => new TextDecoder().decode(storage.files.get(k))))).toContain('a');
  });

  it('delete a file whose row never came an hour later, and never one a row claimed', async () => {
    const storage = new MemoryStorage();
    const deps = { database, storage, now: () => new Date() };
    const [kept, lost] = await stageFiles(deps, [bytes('kept'), bytes('lost')]);
    await database.db.transaction((tx) => claimStagedFiles(tx, [kept!]));
    expect(await sweepStagedFiles({ ...deps, now: later(STAGED_FILE_GRACE_MS + 60_000) })).toBeGreaterThanOrEqual(1);
    expect(storage.files.has(kept!)).toBe(true);
    expect(storage.files.has(lost!)).toBe(false);
    expect(
      await database.db
        .select()
        .from(stagedFiles)
        .where(inArray(stagedFiles.storageKey, [kept!, lost!])),
    ).toEqual([]);
  });

  it('refuse a row a file the sweep took first, so no row names a deleted file', async () => {
    const storage = new MemoryStorage();
    const deps = { database, storage, now: () => new Date() };
    const [key] = await stageFiles(deps, [bytes('late')]);
    await sweepStagedFiles({ ...deps, now: later(STAGED_FILE_GRACE_MS + 60_000) });
    const claim = database.db.transaction((tx) => claimStagedFiles(tx, [key!]));
    await expect(claim).rejects.toBeInstanceOf(StagedFileGone);
    expect(storage.files.has(key!)).toBe(false);
  });

  it('are written again for a message whose transaction comes after the sweep took them, so its row never names a deleted file', async () => {
    const channel = await insertChannel(database, 'api');
    const storage = new MemoryStorage();
    // A batch that commits only when full: the first message waits, staged, while the sweep runs.
    const deps = ingestDeps(database, { storage });
    const batched = { ...deps, groupCommit: new GroupCommitter(deps, { maxBatch: 2, maxWaitMs: 60_000, idleFlush: false }) };
    const late = ingestMessage(batched, channel, inbound({ attachments: [file('geç kalan')] }));
    await eventually(() => storage.files.size === 1, 30_000);
    await sweepStagedFiles({ ...deps, now: later(STAGED_FILE_GRACE_MS + 60_000) });
    expect(storage.files.size).toBe(0);
    // The next message fills the batch: the first finds its file gone, writes it again and waits for the next batch.
    await ingestMessage(batched, channel, inbound());
    await eventually(() => storage.files.size === 1, 30_000);
    await ingestMessage(batched, channel, inbound());
    const { messageId } = await late;
    const [row] = await database.db.select().from(attachments).where(eq(attachments.messageId, messageId));
    expect(new TextDecoder().decode(storage.files.get(row!.storageKey!))).toBe('geç kalan');
  });

  it('are swept once when two processes sweep at the same time', async () => {
    const storage = new MemoryStorage();
    const deleted: string[] = [];
    const counting = Object.assign(Object.create(storage) as MemoryStorage, { delete: async (key: string) => (deleted.push(key), storage.delete(key)) });
    const deps = { database, storage: counting, now: later(STAGED_FILE_GRACE_MS + 60_000) };
    const keys = await stageFiles(
      { ...deps, now: () => new Date() },
      Array.from({ length: 600 }, (_, i) => bytes(`file ${i}`)),
    );
    const swept = await Promise.all([sweepStagedFiles(deps), sweepStagedFiles(deps)]);
    expect(swept[0]! + swept[1]!).toBeGreaterThanOrEqual(600);
    expect(keys.every((k) => !storage.files.has(k))).toBe(true);
    expect(deleted.filter((k) => keys.includes(k)).sort()).toEqual([...keys].sort());
  });
});
