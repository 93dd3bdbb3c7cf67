// An RFM segment as people call it, in the UI's language (`At risk` → "At risk" / "Risk altında"); unknown names as they are.
import type { I18n } from '../i18n';
import type { RfmSegment } from '../../../../server/value/rfm-score.ts';
import { isRfmSegment } from '../state/analytics.svelte';

export function rfmSegmentName(i18n: Pick<I18n, 't'>, segment: string): string {
  return isRfmSegment(segment) ? i18n.t(`analytics.segment.${segment}` as `analytics.segment.${RfmSegment}`) : segment;
}
