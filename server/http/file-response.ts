// A stored file as an HTTP download that can never run as a page in our origin, whole or one range of it.
import type { FileStorage } from '../files/file-storage.ts';
import { AppError, notFound } from '../errors.ts';
import { inlineMediaKind } from '../lib/media-kind.ts';
import { byteRangeOf, type RangeAnswer } from './byte-range.ts';
import { errorBody } from './error-body.ts';

interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  storageKey: string | null;
}

/** The headers every answer about a file carries, whatever part of it is sent. */
function fileHeaders(file: StoredFile): Record<string, string> {
  // A plain ASCII name for old clients, and the exact name as RFC 5987 `filename*` (Turkish letters survive).
  const asciiName = file.filename.replace(/["\\\r\n]|[^\x20-\x7e]/g, '_');
  const utf8Name = encodeURIComponent(file.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  // Served as a download with a neutral type unless it is an image, a sound or a video: nothing uploaded runs in our origin.
  const inline = inlineMediaKind(file.contentType) !== null;
  return {
    'content-type': inline ? file.contentType.split(';')[0]!.trim().toLowerCase() : 'application/octet-stream',
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${utf8Name}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'",
    'accept-ranges': 'bytes',
    // A stored file never changes under its id, so the id is a strong validator for If-Range.
    etag: `"${file.id}"`,
  };
}

/**
 * The file for a GET or HEAD. A `Range` header gets that part (206), which players need to seek in a video; `If-Range`
 * with another validator gets the whole file. HEAD reads only the file's size, never its bytes.
 */
export async function fileResponse(request: Request, storage: FileStorage, file: StoredFile | undefined): Promise<Response> {
  if (!file?.storageKey) throw notFound('attachment');
  const headers = fileHeaders(file);
  const rangeHeader = request.headers.get('range');
  const ifRange = request.headers.get('if-range');
  const wantsPart = rangeHeader !== null && (ifRange === null || ifRange === headers.etag);
  if (request.method === 'HEAD' || wantsPart) {
    const stat = await storage.stat(file.storageKey);
    if (!stat) throw notFound('attachment');
    const answer: RangeAnswer = wantsPart ? byteRangeOf(rangeHeader, stat.size) : { kind: 'whole' };
    if (answer.kind === 'unsatisfiable') {
      const error = new AppError(416, 'range_not_satisfiable', `The file has ${stat.size} bytes; the range asked for starts past its end`);
      return Response.json(errorBody(error), { status: 416, headers: { 'content-range': `bytes */${stat.size}` } });
    }
    if (request.method === 'HEAD') return new Response(null, { headers: { ...headers, 'content-length': String(stat.size) } });
    if (answer.kind === 'part') {
      const { start, end } = answer.range;
      const content = await storage.get(file.storageKey, answer.range);
      if (!content) throw notFound('attachment');
      return new Response(content as unknown as BodyInit, { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${start + content.byteLength - 1}/${stat.size}` } });
    }
  }
  const content = await storage.get(file.storageKey);
  if (!content) throw notFound('attachment');
  return new Response(content as unknown as BodyInit, { headers });
}
