import { describe, expect, it } from 'vitest';
import { ApiError, type UploadedFile, type UploadProgress } from '../api';
import { ComposerAttachments, MAX_FILES, type UploadFile } from './composer-attachments.svelte';

/** An upload the test finishes by hand, reporting progress on the way. */
function manualUploads() {
  const pending: Array<{ file: File; progress: (p: UploadProgress) => void; signal: AbortSignal; resolve: (f: UploadedFile) => void; reject: (e: unknown) => void }> = [];
  const upload: UploadFile = (file, { onProgress, signal }) =>
    new Promise((resolve, reject) => {
      pending.push({ file, progress: onProgress, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'cancelled')));
    });
  const finish = (index: number, id = `up-${index}`) => {
    const { file, resolve } = pending[index]!;
    resolve({ id, filename: file.name, contentType: file.type, size: file.size });
  };
  return { pending, upload, finish };
}
const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ComposerAttachments', () => {
  it('uploads each file at once, reports progress, and offers its id only once it is uploaded', async () => {
    const uploads = manualUploads();
    const files = new ComposerAttachments(uploads.upload, () => 1000);
    files.add([file('fatura.pdf', 400)]);
    expect(files.uploading).toBe(true);
    expect(files.items[0]).toMatchObject({ name: 'fatura.pdf', size: 400, loaded: 0, status: 'uploading' });
    uploads.pending[0]!.progress({ loaded: 150, total: 400 });
    expect(files.items[0]!.loaded).toBe(150);
    expect(files.ids).toEqual([]);
    uploads.finish(0, 'abc');
    await settle();
    expect(files.items[0]).toMatchObject({ status: 'ready', loaded: 400 });
    expect(files.uploading).toBe(false);
    expect(files.ids).toEqual(['abc']);
  });

  it('refuses a file over the limit, an empty file, and an eleventh file without uploading them', () => {
    const uploads = manualUploads();
    const files = new ComposerAttachments(uploads.upload, () => 1000);
    files.add([file('huge.zip', 1001), file('empty.txt', 0)]);
    expect(files.items.map((i) => i.problem)).toEqual([{ kind: 'tooLarge', limit: 1000 }, { kind: 'empty' }]);
    files.add(Array.from({ length: MAX_FILES + 1 }, (_, i) => file(`f${i}.pdf`, 10)));
    expect(files.items.at(-1)!.problem).toEqual({ kind: 'tooMany', max: MAX_FILES });
    expect(uploads.pending).toHaveLength(MAX_FILES);
    expect(files.failed).toBe(true);
  });

  it('after sending, drops only the files that went', async () => {
    const uploads = manualUploads();
    const files = new ComposerAttachments(uploads.upload, () => null);
    files.add([file('sent.pdf', 10)]);
    uploads.finish(0, 'sent-id');
    await settle();
    files.add([file('added-meanwhile.pdf', 10)]);
    files.sent(['sent-id']);
    expect(files.items.map((i) => i.name)).toEqual(['added-meanwhile.pdf']);
  });

  it('cancels the upload of a file removed while uploading', async () => {
    const uploads = manualUploads();
    const files = new ComposerAttachments(uploads.upload, () => null);
    files.add([file('a.pdf', 10), file('b.pdf', 10)]);
    files.remove(files.items[0]!.key);
    expect(uploads.pending[0]!.signal.aborted).toBe(true);
    await settle();
    expect(files.items.map((i) => i.name)).toEqual(['b.pdf']);
    files.clear();
    expect(uploads.pending[1]!.signal.aborted).toBe(true);
    expect(files.items).toEqual([]);
  });

  it("keeps a failed upload in the list with its reason, the server's size refusal in words", async () => {
    const uploads = manualUploads();
    const files = new ComposerAttachments(uploads.upload, () => 1000);
    files.add([file('a.pdf', 10), file('b.pdf', 10)]);
    uploads.pending[0]!.reject(new ApiError(413, 'file_too_large', 'over the limit'));
    const offline = new ApiError(0, 'network', 'offline');
    uploads.pending[1]!.reject(offline);
    await settle();
    expect(files.items.map((i) => i.problem)).toEqual([
      { kind: 'tooLarge', limit: 1000 },
      { kind: 'failed', error: offline },
    ]);
    expect(files.ids).toEqual([]);
  });
});
