// Which bytes of a file a Range header asks for.
import { describe, expect, it } from 'vitest';
import { byteRangeOf } from './byte-range.ts';

const part = (start: number, end: number) => ({ kind: 'part', range: { start, end } });

describe('byte ranges', () => {
  it('serves one range as asked: from-to, from-onwards, and the last bytes', () => {
    expect(byteRangeOf('bytes=0-99', 1000)).toEqual(part(0, 99));
    expect(byteRangeOf('bytes=0-0', 1000)).toEqual(part(0, 0));
    expect(byteRangeOf('bytes=900-', 1000)).toEqual(part(900, 999));
    expect(byteRangeOf('bytes=-100', 1000)).toEqual(part(900, 999));
  });

  it('ends a range at the end of the file', () => {
    expect(byteRangeOf('bytes=500-5000', 1000)).toEqual(part(500, 999));
    expect(byteRangeOf('bytes=-5000', 1000)).toEqual(part(0, 999));
  });

  it('cannot serve a range that starts past the end, nor the last 0 bytes', () => {
    expect(byteRangeOf('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(byteRangeOf('bytes=1000-2000', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(byteRangeOf('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(byteRangeOf('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('sends the whole file for no header, a malformed one, another unit, or several ranges', () => {
    for (const header of [null, undefined, '', 'bytes=', 'bytes=-', 'bytes=5-1', 'bytes=a-b', 'items=0-1', 'bytes=0-1,5-6', 'bytes=0-1 junk']) {
      expect(byteRangeOf(header, 1000)).toEqual({ kind: 'whole' });
    }
  });
});
