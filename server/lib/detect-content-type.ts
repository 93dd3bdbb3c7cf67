// The stored type of an uploaded file: what the client declared, else the file's magic bytes, else its extension.
import mime from 'mime-types';

const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);
const MIME_ESSENCE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

export async function detectContentType(declared: string | undefined, content: Uint8Array, filename: string): Promise<string> {
  // Parameters (charset) are dropped: the download route and connectors only ever use the essence.
  const essence = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (MIME_ESSENCE.test(essence) && !GENERIC.has(essence)) return essence;
  // Loaded on first use (server/lib/on-first-use.ts).
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = await fileTypeFromBuffer(content);
  if (sniffed) return sniffed.mime;
  return mime.lookup(filename) || 'application/octet-stream';
}
