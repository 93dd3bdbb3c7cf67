// Attachments in any S3-compatible bucket through Bun's own S3 client; keys are the disk keys under an optional prefix.
import { S3Client } from 'bun';
import type { S3StorageConfig } from '../config.ts';
import { assertStorageKey, type ByteRange, type MovableStorage, type StoredFileEntry } from './file-storage.ts';
import { isMissingObject, isRefusal, storageError } from './storage-error.ts';

/** A single-part upload's ETag is the MD5 of the bytes; multipart and SSE-KMS ETags are not, and carry no MD5. */
const MD5_ETAG = /^"?([0-9a-f]{32})"?$/i;

/**
 * Bun addresses virtual-hosted buckets by the endpoint alone, so the bucket goes into its host here:
 * `http://minio:9000` with path style off becomes `http://ulak-files.minio:9000`.
 */
function endpointOf(config: S3StorageConfig): string {
  const url = new URL(config.endpoint ?? `https://s3.${config.region}.amazonaws.com`);
  if (!config.pathStyle && !url.hostname.startsWith(`${config.bucket}.`)) url.hostname = `${config.bucket}.${url.hostname}`;
  return url.href.replace(/\/$/, '');
}

export class S3Storage implements MovableStorage {
  readonly kind = 's3';
  readonly location: string;
  readonly #client: S3Client;
  readonly #prefix: string;

  constructor(config: S3StorageConfig) {
    // Every option is given, so Bun's fallback to S3_* / AWS_* variables never picks a store the operator did not name.
    // (Only the session token still falls back to S3_SESSION_TOKEN / AWS_SESSION_TOKEN when ULAK_S3_SESSION_TOKEN is
    // unset; a stale one there is caught by the start-up check as InvalidToken.)
    const endpoint = endpointOf(config);
    this.#client = new S3Client({
      endpoint,
      bucket: config.bucket,
      region: config.region,
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      sessionToken: config.sessionToken,
      virtualHostedStyle: !config.pathStyle,
    });
    this.#prefix = config.prefix;
    this.location = `s3://${config.bucket}/${config.prefix} at ${endpoint}`;
  }

  #objectKey(key: string): string {
    return this.#prefix + assertStorageKey(key);
  }

  async #call<T>(run: () => Promise<T>, onMissing?: () => T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (onMissing && isMissingObject(error)) return onMissing();
      throw storageError(error);
    }
  }

  async write(key: string, content: Uint8Array): Promise<void> {
    // One PUT (Bun splits only streams into parts): the object appears whole or not at all.
    const objectKey = this.#objectKey(key);
    await this.#call(() => this.#client.write(objectKey, content, { type: 'application/octet-stream' }));
  }

  get(key: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    const file = this.#client.file(this.#objectKey(key));
    // A range is one ranged GET (`Range: bytes=start-end`): the rest of the object never leaves the store.
    return this.#call<Uint8Array | undefined>(
      () => (range ? file.slice(range.start, range.end + 1) : file).bytes(),
      () => undefined,
    );
  }

  stat(key: string) {
    const objectKey = this.#objectKey(key);
    return this.#call<{ size: number; md5?: string } | undefined>(
      async () => {
        const s = await this.#client.stat(objectKey);
        return { size: s.size, md5: MD5_ETAG.exec(s.etag ?? '')?.[1]?.toLowerCase() };
      },
      () => undefined,
    );
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.#objectKey(key);
    await this.#call(
      () => this.#client.delete(objectKey),
      () => undefined,
    );
  }

  async *list(): AsyncIterable<StoredFileEntry> {
    let continuationToken: string | undefined;
    do {
      const page = await this.#call(() => this.#client.list({ prefix: this.#prefix || undefined, continuationToken, maxKeys: 1000 }));
      for (const object of page.contents ?? []) {
        const key = object.key.slice(this.#prefix.length);
        // A store that does not say when an object was written makes it look new: nothing is taken for old unseen.
        // "Folders" made in a store's console (`2026/`, or the prefix itself) are empty markers, not files.
        if (key && !key.endsWith('/')) yield { key, size: object.size ?? 0, modifiedAt: object.lastModified ? new Date(object.lastModified) : new Date() };
      }
      continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (continuationToken);
  }

  /**
   * One cheap signed request (a one-key listing): proves the endpoint, bucket, region and keys before anything is stored.
   * A store that answers but does not list (a gateway or a minimal store answering NotImplemented) is asked instead for
   * an object that is not there: "no such key" proves the same, short of the bucket's name, which its first write
   * proves. A refusal the listing named (a wrong secret, no such bucket) stands, as does a store that cannot be reached.
   */
  async check(): Promise<void> {
    try {
      await this.#client.list({ prefix: this.#prefix || undefined, maxKeys: 1 });
    } catch (error) {
      if (isRefusal(error)) throw error;
      const probe = `${this.#prefix}.ulak-start-check-${crypto.randomUUID()}`;
      const answered = await this.#client.stat(probe).then(
        () => true,
        (e: unknown) => isMissingObject(e),
      );
      if (!answered) throw error;
    }
  }
}
