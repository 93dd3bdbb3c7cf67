// Opaque keyset cursors: base64url of the sort key of the last item on a page, checked against its shape when read back.
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isoTimestamp } from '../lib/validators.ts';

export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Sort keys the list endpoints page by. */
export const CURSOR_SHAPES = {
  /** (timestamp, id), newest first. */
  timeAndId: z.tuple([isoTimestamp(), z.uuid()]),
  /** A message sequence number. */
  seq: z.tuple([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]),
} as const;

/** The cursor's parts, or 400 when it is not one this API could have issued (a forged cursor must never reach SQL). */
export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, shape: S): z.infer<S> | undefined {
  if (!cursor) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {}
  const parsed = shape.safeParse(parts);
  if (!parsed.success) throw new AppError(400, 'invalid_cursor', 'The cursor is not one this API issued');
  return parsed.data;
}
