// The overview as CSV, one row per channel, agent and team, for spreadsheets. Columns a dimension lacks stay empty.
import { toCsv } from '../lib/to-csv.ts';
import type { Overview, ReportRange } from './overview.ts';

const HEADER = ['dimension', 'id', 'name', 'inbound_messages', 'conversations', 'replies_sent', 'first_responses', 'median_first_response_sec', 'p90_first_response_sec', 'resolved'];

export function overviewCsv(overview: Overview, range: ReportRange): string {
  const rows: unknown[][] = [HEADER];
  for (const [kind, n] of Object.entries(overview.volumeByChannel)) rows.push(['channel', kind, kind, n, '', '', '', '', '', '']);
  for (const a of overview.perAgent) {
    rows.push(['agent', a.id, a.name, '', '', a.repliesSent, a.firstResponses, a.firstResponse.medianSec ?? '', a.firstResponse.p90Sec ?? '', a.resolved]);
  }
  for (const t of overview.perTeam) rows.push(['team', t.id, t.name, '', t.conversations, '', '', t.medianFirstResponseSec ?? '', '', t.resolved]);
  const { medianSec, p90Sec } = overview.firstResponse;
  rows.push(['total', `${range.from.toISOString()}/${range.to.toISOString()}`, 'all', sum(Object.values(overview.volumeByChannel)), '', '', '', medianSec ?? '', p90Sec ?? '', '']);
  return toCsv(rows);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
