// Keeps one uploaded file for a reply not written yet: checked, named safely, typed, stored, recorded as an upload.
import type { Database } from '../db/client.ts';
import { uploads } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { FileStorage } from './file-storage.ts';
import { claimStagedFiles, stageFiles } from './staged-files.ts';
import { sanitizeFilename } from '../lib/sanitize-filename.ts';
import { detectContentType } from '../lib/detect-content-type.ts';
import { overLimitMessage } from '../../connectors/size-limit.ts';

export interface UploadDeps {
  database: Database;
  storage: FileStorage;
  maxAttachmentBytes: number;
  now(): Date;
}

export function tooLarge(maxBytes: number, file?: { name: string; size: number }) {
  return new AppError(413, 'file_too_large', overLimitMessage('attachments', maxBytes, file));
}

export async function storeUpload(deps: UploadDeps, userId: string, file: File) {
  const filename = sanitizeFilename(file.name);
  if (file.size === 0) throw new AppError(422, 'empty_file', `"${filename}" is empty`);
  if (file.size > deps.maxAttachmentBytes) throw tooLarge(deps.maxAttachmentBytes, { name: filename, size: file.size });
  const content = new Uint8Array(await file.arrayBuffer());
  const contentType = await detectContentType(file.type, content, filename);
  const [storageKey] = await stageFiles(deps, [content]);
  // A row that cannot be written leaves the file staged: the sweep deletes it (staged-files.ts).
  const row = await deps.database.db.transaction(async (tx) => {
    const [row] = await tx.insert(uploads).values({ uploadedBy: userId, filename, contentType, size: content.byteLength, storageKey: storageKey!, createdAt: deps.now() }).returning();
    await claimStagedFiles(tx, [storageKey!]);
    return row!;
  });
  return { id: row.id, filename, contentType, size: content.byteLength };
}
