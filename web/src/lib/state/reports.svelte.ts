// Report screen state: the date range, overview figures, time series, and a CSV of what is shown.
import type { Api, Metric, Overview, TimeseriesPoint } from '../api';
import { isNotAvailable } from '../format/describe-error';
import { browserZone, defaultReportDates, reportInstants } from './report-dates';

export class ReportsState {
  /** Local dates (`YYYY-MM-DD`) in the workspace zone; empty until the zone is known, then the last 30 days there. */
  from = $state('');
  to = $state('');
  /** The workspace's zone: days start at its midnights and charts are labelled in it. */
  timeZone = $state<string | null>(null);
  interval = $state<'day' | 'week'>('day');
  overview = $state<Overview | null>(null);
  series = $state<Record<Metric, TimeseriesPoint[]>>({ volume: [], first_response: [], resolution: [] });
  loading = $state(false);
  error = $state<unknown>(null);
  unavailable = $state(false);
  #api: Api;
  #now: () => number;

  constructor(api: Api, options: { now?: () => number } = {}) {
    this.#api = api;
    this.#now = options.now ?? Date.now;
  }

  /** The API takes instants: whole local days, from the start of `from` to the start of the day after `to`. */
  get range() {
    return reportInstants(this.from, this.to, this.timeZone ?? browserZone());
  }

  async #ensureZone() {
    if (this.timeZone) return;
    try {
      this.timeZone = (await this.#api.admin.workspace.get()).timeZone;
    } catch {
      // Without the workspace's zone the browser's is the best guess; the figures still load.
      this.timeZone = browserZone();
    }
    const defaults = defaultReportDates(this.#now(), this.timeZone);
    if (!this.from) this.from = defaults.from;
    if (!this.to) this.to = defaults.to;
  }

  async load() {
    this.loading = true;
    this.error = null;
    await this.#ensureZone();
    const { from, to } = this.range;
    try {
      const metrics: Metric[] = ['volume', 'first_response', 'resolution'];
      const [overview, ...series] = await Promise.all([this.#api.insights.overview(from, to), ...metrics.map((metric) => this.#api.insights.timeseries(metric, this.interval, from, to))]);
      this.overview = overview as Overview;
      this.series = Object.fromEntries(metrics.map((metric, i) => [metric, (series[i] as { points: TimeseriesPoint[] }).points])) as Record<Metric, TimeseriesPoint[]>;
    } catch (error) {
      if (isNotAvailable(error)) this.unavailable = true;
      else this.error = error;
    } finally {
      this.loading = false;
    }
  }

  csv(): string {
    const rows: (string | number | null)[][] = [['metric', 'at', 'channel', 'value']];
    for (const [metric, points] of Object.entries(this.series)) {
      // A time with nothing measured is an empty cell, as it is a gap in the chart.
      for (const point of points) rows.push([metric, point.at, point.channel ?? '', measured(point, point.value)]);
    }
    return toCsv(rows);
  }
}

/** RFC 4180 CSV: quote fields holding commas, quotes or line breaks. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  const cell = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export interface ChartSeries {
  label: string;
  /** null: nothing measured in that bucket, drawn as a gap rather than as 0. */
  values: (number | null)[];
  dashed?: boolean;
}

/** The time buckets present in any of these points, oldest first. */
function bucketsOf(points: TimeseriesPoint[]): string[] {
  return [...new Set(points.map((p) => p.at))].sort();
}

/** Inbound volume as one series per channel over the same buckets (a bucket a channel had none in counts 0). */
export function volumeByChannel(points: TimeseriesPoint[]): { at: string[]; series: ChartSeries[] } {
  const at = bucketsOf(points);
  const channels = [...new Set(points.map((p) => p.channel ?? '—'))].sort();
  const series = channels.map((channel) => {
    const values = at.map((bucket) => points.filter((p) => p.at === bucket && (p.channel ?? '—') === channel).reduce((sum, p) => sum + p.value, 0));
    return { label: channel, values };
  });
  return { at, series };
}

/** A duration point's figure, or null where the bucket measured no conversation (its `0` is no measurement). */
const measured = (point: TimeseriesPoint, value: number) => (point.count === 0 ? null : value);

/** A duration metric as its median and 90th-percentile series; a bucket with no conversation measured is a gap, not 0 s. */
export function medianAndP90(points: TimeseriesPoint[], labels: { median: string; p90: string }): { at: string[]; series: ChartSeries[] } {
  const sorted = [...points].sort((a, b) => a.at.localeCompare(b.at));
  return {
    at: sorted.map((p) => p.at),
    series: [
      { label: labels.median, values: sorted.map((p) => measured(p, p.value)) },
      { label: labels.p90, values: sorted.map((p) => measured(p, p.p90 ?? p.value)), dashed: true },
    ],
  };
}
