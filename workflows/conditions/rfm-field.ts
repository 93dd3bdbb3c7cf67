// A condition on the RFM segment names its code ("Champions"), whatever language the screen shows it in: a Turkish
// name or a typo matches nobody, so it is refused rather than saved.
import { RFM_SEGMENTS, type RfmSegment } from '../../server/value/rfm-score.ts';
import { foldCase } from '../text/fold.ts';
import type { Operator } from './schema.ts';

export { RFM_SEGMENTS };
export const RFM_SEGMENT_FIELD = 'contact.rfm.segment';

/** Operators that compare the segment with the leaf's value, or with each value of its list. */
const NAMES_SEGMENT: ReadonlySet<Operator> = new Set(['eq', 'neq', 'in', 'nin']);
/** Compared as the engine compares text: case-insensitively. */
const CODES = new Map(RFM_SEGMENTS.map((code) => [foldCase(code), code]));

/** Whether a leaf names RFM segments, so its values must be segment codes. */
export function namesRfmSegment(field: string | undefined, op: Operator): boolean {
  return field === RFM_SEGMENT_FIELD && NAMES_SEGMENT.has(op);
}

export function isRfmSegmentCode(value: unknown): boolean {
  return rfmSegmentCode(value) !== undefined;
}

/** The code a name spells in any case ("champions" → "Champions"), or undefined for a name that is no segment. */
export function rfmSegmentCode(value: unknown): RfmSegment | undefined {
  return typeof value === 'string' ? CODES.get(foldCase(value)) : undefined;
}

/** Why a name is refused where a segment code belongs. */
export function notRfmSegment(name: unknown): string {
  return `${JSON.stringify(name)} is no RFM segment: use one of ${RFM_SEGMENTS.join(', ')}`;
}
