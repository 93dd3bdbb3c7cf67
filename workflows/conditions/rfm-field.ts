// A condition on the RFM segment names its code ("Champions"), whatever language the screen shows it in: a Turkish
// name or a typo matches nobody, so it is refused rather than saved.
import { RFM_SEGMENTS } from '../../server/value/rfm-score.ts';
import { foldCase } from '../text/fold.ts';
import type { Operator } from './schema.ts';

export { RFM_SEGMENTS };
export const RFM_SEGMENT_FIELD = 'contact.rfm.segment';

/** Operators that compare the segment with the leaf's value, or with each value of its list. */
const NAMES_SEGMENT: ReadonlySet<Operator> = new Set(['eq', 'neq', 'in', 'nin']);
/** Compared as the engine compares text: case-insensitively. */
const CODES = new Set(RFM_SEGMENTS.map(foldCase));

/** Whether a leaf names RFM segments, so its values must be segment codes. */
export function namesRfmSegment(field: string | undefined, op: Operator): boolean {
  return field === RFM_SEGMENT_FIELD && NAMES_SEGMENT.has(op);
}

export function isRfmSegmentCode(value: unknown): boolean {
  return typeof value === 'string' && CODES.has(foldCase(value));
}
