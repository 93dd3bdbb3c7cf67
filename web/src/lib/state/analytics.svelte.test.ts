import { describe, expect, it } from 'vitest';
import { segmentSeries } from './analytics.svelte';
import { RFM_SEGMENTS } from '../../../../server/value/rfm-score.ts';

const sizes = (values: Partial<Record<(typeof RFM_SEGMENTS)[number], number>>) => Object.fromEntries(RFM_SEGMENTS.map((s) => [s, values[s] ?? 0]));

describe('segmentSeries', () => {
  it('draws one line per segment that held anyone in the period, in the segment map order', () => {
    const { days, series } = segmentSeries(
      {
        segments: [...RFM_SEGMENTS],
        days: [
          { day: '2026-07-01', sizes: sizes({ Lost: 2, Champions: 1 }) },
          { day: '2026-07-02', sizes: sizes({ Lost: 1, New: 3 }) },
        ],
      },
      (s) => s.toUpperCase(),
    );
    expect(days).toEqual(['2026-07-01', '2026-07-02']);
    expect(series).toEqual([
      { label: 'CHAMPIONS', values: [1, 0] },
      { label: 'NEW', values: [0, 3] },
      { label: 'LOST', values: [2, 1] },
    ]);
  });
});
