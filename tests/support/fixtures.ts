// Small builders for test data.
import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../connectors/channel.ts';
import type { Database } from '../../server/db/client.ts';
import { channels } from '../../server/db/schema/index.ts';
import type { IngestDeps } from '../../server/inbound/ingest-message.ts';
import { GroupCommitter } from '../../server/inbound/group-commit.ts';
import { newStorageKey, type ByteRange, type FileStorage } from '../../server/files/file-storage.ts';

export async function insertChannel(database: Database, kind: 'api' | 'email' | 'sms' | 'whatsapp' | 'telegram', name = `${kind} channel`) {
  const [row] = await database.db.insert(channels).values({ kind, name, config: {} }).returning();
  return row!;
}

export class MemoryStorage implements FileStorage {
  readonly files = new Map<string, Uint8Array>();
  async write(key: string, content: Uint8Array) {
    this.files.set(key, content);
  }
  async get(key: string, range?: ByteRange) {
    return range ? this.files.get(key)?.slice(range.start, range.end + 1) : this.files.get(key);
  }
  async stat(key: string) {
    const file = this.files.get(key);
    return file && { size: file.byteLength };
  }
  async delete(key: string) {
    this.files.delete(key);
  }
}

/** A file written under a new key, as a test's given: production code writes only through `stageFiles`. */
export async function putFile(storage: FileStorage, content: Uint8Array): Promise<string> {
  const key = newStorageKey();
  await storage.write(key, content);
  return key;
}

export function ingestDeps(database: Database, overrides: Partial<IngestDeps> = {}): IngestDeps {
  return { database, storage: new MemoryStorage(), defaultRegion: () => 'TR', maxAttachmentBytes: 1024 * 1024, now: () => new Date(), ...overrides };
}

/** Ingest through group commit that commits a batch only when it is full: what shares a batch never depends on the machine's speed. */
export function batchedIngestDeps(database: Database, maxBatch: number): IngestDeps {
  const deps = ingestDeps(database);
  return { ...deps, groupCommit: new GroupCommitter(deps, { maxBatch, maxWaitMs: 60_000, idleFlush: false }) };
}

export function inbound(overrides: Partial<InboundMessage> & { from?: InboundMessage['from'] } = {}): InboundMessage {
  return {
    idempotencyKey: randomUUID(),
    from: { identities: [{ kind: 'email', value: 'ayse@example.com' }], name: 'Ayşe Yılmaz' },
    text: 'Merhaba, siparişim nerede?',
    sentAt: new Date(),
    ...overrides,
  };
}
