// Opaque keyset cursors: base64url of the sort key of the last item on a page.
import { AppError } from '../errors.ts';

export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor<T extends Array<string | number>>(cursor: string | undefined, arity: number): T | undefined {
  if (!cursor) return undefined;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity) return parts as T;
  } catch {}
  throw new AppError(422, 'invalid_cursor', 'The cursor is not one this API issued');
}
