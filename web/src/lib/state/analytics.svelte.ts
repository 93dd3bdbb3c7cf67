// Analytics screen state: the RFM grid and the contacts of a chosen cell, segment sizes over time, predicted value,
// the churn-risk list and cohort retention; and the pure shaping of them into chart series and heat.
import type { Api, CohortRetention, PredictedValue, RfmGrid, SegmentSizes, ValueContactPage } from '../api';
import type { ChartSeries } from './reports.svelte';
import { RFM_SEGMENTS, type RfmSegment } from '../../../../server/value/rfm-score.ts';

export const CHURN_LIST_LIMIT = 50;
const HISTORY_DAYS = 90;
const COHORT_MONTHS = 12;

export class AnalyticsState {
  grid = $state<RfmGrid | null>(null);
  sizes = $state<SegmentSizes | null>(null);
  predicted = $state<PredictedValue | null>(null);
  /**
   * Why no buyer has a predicted value: `no_fit`, too little purchase data for the model; `no_spend_model`, the
   * purchase model is fitted but spend per order could not be modelled. Null while values exist.
   */
  predictedGap = $state<'no_fit' | 'no_spend_model' | null>(null);
  churn = $state<(ValueContactPage & { currency: string }) | null>(null);
  cohorts = $state<CohortRetention | null>(null);
  /** The grid cell whose contacts are listed, and those contacts once loaded. */
  cell = $state<{ r: number; f: number } | null>(null);
  cellContacts = $state<ValueContactPage | null>(null);
  loading = $state(false);
  error = $state<unknown>(null);
  #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  /** No buyer scored yet: the screen says so in words instead of showing empty charts. */
  get empty() {
    return this.grid !== null && this.grid.contacts === 0;
  }

  async load() {
    this.loading = true;
    this.error = null;
    try {
      const a = this.#api.analytics;
      [this.grid, this.sizes, this.predicted, this.churn, this.cohorts] = await Promise.all([
        a.rfm(),
        a.segmentSizes(HISTORY_DAYS),
        a.predictedValue(),
        a.churnRisk(CHURN_LIST_LIMIT),
        a.cohorts(COHORT_MONTHS),
      ]);
      this.predictedGap = this.predicted.contacts ? null : (await a.clvFit()) ? 'no_spend_model' : 'no_fit';
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  async openCell(r: number, f: number) {
    this.cell = { r, f };
    this.cellContacts = null;
    try {
      const page = await this.#api.analytics.cellContacts(r, f);
      if (this.cell?.r === r && this.cell.f === f) this.cellContacts = page;
    } catch (error) {
      this.error = error;
    }
  }

  closeCell() {
    this.cell = null;
    this.cellContacts = null;
  }
}

export function isRfmSegment(value: string): value is RfmSegment {
  return (RFM_SEGMENTS as readonly string[]).includes(value);
}

/** 0 for an empty cell up to 1 for the fullest, for the heat-map shade. */
export function heat(contacts: number, grid: RfmGrid): number {
  const max = Math.max(0, ...grid.cells.map((c) => c.contacts));
  return max ? contacts / max : 0;
}

/** One line per segment that was ever non-empty in the period, over the recorded days. */
export function segmentSeries(sizes: SegmentSizes, label: (segment: RfmSegment) => string): { days: string[]; series: ChartSeries[] } {
  const days = sizes.days.map((d) => d.day);
  const series = RFM_SEGMENTS.filter((s) => sizes.days.some((d) => (d.sizes[s] ?? 0) > 0)).map((s) => ({ label: label(s), values: sizes.days.map((d) => d.sizes[s] ?? 0) }));
  return { days, series };
}
