// Attachment storage behind a small interface; files on disk under <dataDir>/files by default, or in a bucket (s3-storage.ts).
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-files.ts';
import { storageError } from './storage-error.ts';

/** Bytes `start` to `end` of a file, both included, as an HTTP Range names them; `end` within the file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Files are written under a key the caller makes (`newStorageKey`), and only through `stageFiles` (staged-files.ts),
 * which records the key first: a file whose row never commits is found again and deleted.
 */
export interface FileStorage {
  /** All or nothing: an interrupted write leaves no half file that looks whole. Replaces what is under the key. */
  write(key: string, content: Uint8Array): Promise<void>;
  /** The file, or only the range of it asked for (a video player's request); undefined when absent. */
  get(key: string, range?: ByteRange): Promise<Uint8Array | undefined>;
  /** Size, and the MD5 when the store knows it without reading the file (an S3 ETag); undefined when absent. */
  stat(key: string): Promise<{ size: number; md5?: string } | undefined>;
  delete(key: string): Promise<void>;
}

/**
 * A storage files can be moved into and out of key for key (`files:move`). To add one:
 * 1. give every file the key `newStorageKey()` makes, so rows keep their `storageKey` across a move;
 * 2. make `write` all-or-nothing, as FileStorage says;
 * 3. pass `storage.case.test.ts`.
 */
export interface MovableStorage extends FileStorage {
  readonly kind: 'disk' | 's3';
  /** Where the files are, for messages: a directory or an s3:// URL. */
  readonly location: string;
  /** Every file, in key order, with when it was last written. */
  list(): AsyncIterable<StoredFileEntry>;
}

export interface StoredFileEntry {
  key: string;
  size: number;
  modifiedAt: Date;
}

/** `2026/12/<uuid>`: unique, and spread by month so no directory (or listing page) grows without end. */
export function newStorageKey(now = new Date()): string {
  return `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
}

/** A key `newStorageKey` made: anything else in a store (a console's folder marker, another program's file) is not Ulak's. */
export function isNewStorageKey(key: string): boolean {
  return /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);
}

/** Keys are ours (newStorageKey), but a store addressed by URL must never see one that climbs out of its prefix. */
export function assertStorageKey(key: string): string {
  if (!key || key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '.' || part === '')) throw new Error(`storage key ${JSON.stringify(key)} is not a plain relative key`);
  return key;
}

const TEMP_MARK = '.partial-';

/** Only "no such file" means absent (undefined); anything else (permissions, a full or failing disk) is the store failing. */
const absentAsUndefined = (error: unknown) => (['ENOENT', 'ENOTDIR'].includes((error as { code?: string })?.code ?? '') ? undefined : Promise.reject(error));

/** A failing disk answers as a failing bucket does: 503 storage_unavailable, never a 500, and never "not found". */
async function orStorageError<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    throw storageError(error);
  }
}

async function readRange(path: string, { start, end }: ByteRange): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(end - start + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.byteLength, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

export class DiskStorage implements MovableStorage {
  readonly kind = 'disk';
  private readonly root: string;
  constructor(root: string) {
    this.root = normalize(root).replace(/(.)[\\/]+$/, '$1');
  }

  get location() {
    return this.root;
  }

  #path(key: string): string {
    const p = normalize(join(this.root, key));
    if (!p.startsWith(this.root + sep)) throw new Error('storage key escapes the root');
    return p;
  }

  async write(key: string, content: Uint8Array): Promise<void> {
    const path = this.#path(key);
    const temp = `${path}${TEMP_MARK}${randomUUID()}`;
    await orStorageError(
      (async () => {
        // Modes are explicit (the umask can only narrow them): attachments are customers' private files.
        await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
        // Written aside and renamed: a crash mid-write never leaves a truncated file under the real key.
        await writeFile(temp, content, { mode: PRIVATE_FILE_MODE });
        await rename(temp, path);
      })(),
    );
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    if (range) return orStorageError(readRange(this.#path(key), range).catch(absentAsUndefined));
    const bytes = await orStorageError(readFile(this.#path(key)).catch(absentAsUndefined));
    return bytes && new Uint8Array(bytes);
  }

  async stat(key: string) {
    const s = await orStorageError(stat(this.#path(key)).catch(absentAsUndefined));
    // Something other than a file at a file's key is the store failing, as a plain read of it is, not a missing file.
    if (s && !s.isFile()) throw storageError(Object.assign(new Error(`${key} is not a file`), { code: 'EISDIR' }));
    return s && { size: s.size };
  }

  async delete(key: string): Promise<void> {
    await orStorageError(rm(this.#path(key), { force: true }));
  }

  /** A root that does not exist yet holds no files; one that cannot be read fails the listing rather than look empty. */
  async *list(): AsyncIterable<StoredFileEntry> {
    const entries = await orStorageError(readdir(this.root, { recursive: true, withFileTypes: true }).catch((error) => (error?.code === 'ENOENT' ? [] : Promise.reject(error))));
    // In key order, as an S3 listing is: a resumed move walks the same sequence.
    const keys = entries
      .filter((entry) => entry.isFile() && !entry.name.includes(TEMP_MARK))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort();
    for (const key of keys) {
      const s = await orStorageError(stat(this.#path(key)).catch(absentAsUndefined));
      if (s?.isFile()) yield { key, size: s.size, modifiedAt: s.mtime };
    }
  }
}
