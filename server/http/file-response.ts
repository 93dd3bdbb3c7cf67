// A stored file as an HTTP download that can never run as a page in our origin.
import type { FileStorage } from '../files/file-storage.ts';
import { notFound } from '../errors.ts';
import { inlineMediaKind } from '../lib/media-kind.ts';

export async function fileResponse(storage: FileStorage, file: { filename: string; contentType: string; storageKey: string | null } | undefined): Promise<Response> {
  const content = file?.storageKey ? await storage.get(file.storageKey) : undefined;
  if (!file || !content) throw notFound('attachment');
  // A plain ASCII name for old clients, and the exact name as RFC 5987 `filename*` (Turkish letters survive).
  const asciiName = file.filename.replace(/["\\\r\n]|[^\x20-\x7e]/g, '_');
  const utf8Name = encodeURIComponent(file.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  // Served as a download with a neutral type unless it is an image, a sound or a video: nothing uploaded runs in our origin.
  const inline = inlineMediaKind(file.contentType) !== null;
  return new Response(content as unknown as BodyInit, {
    headers: {
      'content-type': inline ? file.contentType.split(';')[0]!.trim().toLowerCase() : 'application/octet-stream',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${utf8Name}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    },
  });
}
