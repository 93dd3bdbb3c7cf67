// Files attached in the composer: each uploads at once with progress, can be removed, and holds sending until settled.
import { ApiError, type UploadedFile, type UploadProgress } from '../api';

/** The server's limit per message. */
export const MAX_FILES = 10;

export type AttachmentProblem = { kind: 'tooLarge'; limit: number } | { kind: 'empty' } | { kind: 'tooMany'; max: number } | { kind: 'failed'; error: unknown };

export interface PendingAttachment {
  key: number;
  name: string;
  size: number;
  /** Bytes sent so far. */
  loaded: number;
  status: 'uploading' | 'ready' | 'failed';
  problem: AttachmentProblem | null;
  uploaded: UploadedFile | null;
}

export type UploadFile = (file: File, options: { onProgress: (progress: UploadProgress) => void; signal: AbortSignal }) => Promise<UploadedFile>;

export class ComposerAttachments {
  items = $state<PendingAttachment[]>([]);
  uploading = $derived(this.items.some((item) => item.status === 'uploading'));
  failed = $derived(this.items.some((item) => item.status === 'failed'));
  /** Ids to send with the reply: only files the server has. */
  ids = $derived(this.items.flatMap((item) => (item.uploaded ? [item.uploaded.id] : [])));
  #upload: UploadFile;
  #maxBytes: () => number | null;
  #controllers = new Map<number, AbortController>();
  #nextKey = 1;

  constructor(upload: UploadFile, maxBytes: () => number | null) {
    this.#upload = upload;
    this.#maxBytes = maxBytes;
  }

  /** From the file picker, a drop or a paste. Problems show on the file itself, so the agent sees which one. */
  add(files: Iterable<File>) {
    for (const file of files) {
      const key = this.#nextKey++;
      const problem = this.#check(file);
      this.items.push({ key, name: file.name || 'file', size: file.size, loaded: 0, status: problem ? 'failed' : 'uploading', problem, uploaded: null });
      if (!problem) void this.#start(key, file);
    }
  }

  /** Removing a file still uploading cancels its upload. */
  remove(key: number) {
    this.#controllers.get(key)?.abort();
    this.items = this.items.filter((item) => item.key !== key);
  }

  /** After sending: drops the files that went, keeping any the agent added while the reply was on its way. */
  sent(ids: string[]) {
    this.items = this.items.filter((item) => !item.uploaded || !ids.includes(item.uploaded.id));
  }

  /** When another conversation opens. */
  clear() {
    for (const controller of this.#controllers.values()) controller.abort();
    this.items = [];
  }

  #check(file: File): AttachmentProblem | null {
    const limit = this.#maxBytes();
    if (file.size === 0) return { kind: 'empty' };
    if (limit !== null && file.size > limit) return { kind: 'tooLarge', limit };
    if (this.items.filter((item) => item.status !== 'failed').length >= MAX_FILES) return { kind: 'tooMany', max: MAX_FILES };
    return null;
  }

  async #start(key: number, file: File) {
    const controller = new AbortController();
    this.#controllers.set(key, controller);
    try {
      const uploaded = await this.#upload(file, { signal: controller.signal, onProgress: ({ loaded }) => this.#patch(key, { loaded }) });
      this.#patch(key, { status: 'ready', loaded: file.size, uploaded });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'aborted') return;
      const limit = this.#maxBytes();
      const tooLarge = error instanceof ApiError && error.status === 413 && limit !== null;
      this.#patch(key, { status: 'failed', problem: tooLarge ? { kind: 'tooLarge', limit } : { kind: 'failed', error } });
    } finally {
      this.#controllers.delete(key);
    }
  }

  #patch(key: number, changes: Partial<PendingAttachment>) {
    const item = this.items.find((candidate) => candidate.key === key);
    if (item) Object.assign(item, changes);
  }
}
