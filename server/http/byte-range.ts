// HTTP's Range header (RFC 9110 §14) for one range of bytes: what a video player or a resumed download asks for.
import type { ByteRange } from '../files/file-storage.ts';

export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; range: ByteRange } | { kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = { kind: 'whole' };

/**
 * What to send of a `size`-byte file for a Range header. One range is served as asked (`bytes=0-99`, `bytes=100-`,
 * `bytes=-100`); a header that is absent, malformed, in another unit, or lists several ranges gets the whole file,
 * as RFC 9110 lets a server do. A range that starts past the end cannot be served (416).
 */
export function byteRangeOf(header: string | null | undefined, size: number): RangeAnswer {
  const spec = /^bytes=(\d*)-(\d*)$/i.exec((header ?? '').trim());
  if (!spec || (!spec[1] && !spec[2])) return WHOLE;
  const [first, last] = [spec[1] ? Number(spec[1]) : undefined, spec[2] ? Number(spec[2]) : undefined];
  if (first === undefined) {
    // A suffix: the last N bytes, or the whole file when it is shorter.
    if (last === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', range: { start: Math.max(0, size - last!), end: size - 1 } };
  }
  if (last !== undefined && last < first) return WHOLE;
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', range: { start: first, end: Math.min(last ?? size - 1, size - 1) } };
}
