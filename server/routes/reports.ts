// Reports API for admins, agents and marketers: overview, time series, CSV export.
import { Hono } from 'hono';
import { z } from 'zod';
import { invalidField } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { overviewCsv, reportOverview, reportTimeseries } from '../reports/index.ts';
import { isoTimestamp } from '../lib/validators.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'reports', '/api');

const DAY_MS = 86_400_000;
const rangeQuery = z.object({ from: isoTimestamp().optional(), to: isoTimestamp().optional() });

/** Defaults to the last 30 days; `to` is exclusive. */
function rangeOf(query: z.infer<typeof rangeQuery>, now: Date) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw invalidField(['from', 'to'], 'from must be before to');
  if (to.getTime() - from.getTime() > 400 * DAY_MS) throw invalidField(['from', 'to'], 'a report covers at most 400 days');
  return { from, to };
}

const readers = ['agent', 'marketer'] as const;

route(
  { method: 'get', path: '/reports/overview', summary: 'Volume, response and resolution times, satisfaction, per agent and team', access: [...readers], query: rangeQuery },
  async (c, { query }) => {
    const services = c.get('services');
    return reportOverview(services.database.db, rangeOf(query, services.now()));
  },
);

const seriesQuery = rangeQuery.extend({ metric: z.enum(['volume', 'first_response', 'resolution']), interval: z.enum(['day', 'week']).default('day') });

export const timeseriesRoute = route(
  { method: 'get', path: '/reports/timeseries', summary: 'A metric by day or week in the workspace time zone', access: [...readers], query: seriesQuery },
  async (c, { query }) => {
    const services = c.get('services');
    return reportTimeseries(services.database.db, { ...rangeOf(query, services.now()), metric: query.metric, interval: query.interval, timeZone: services.workspace.timeZone });
  },
);

route({ method: 'get', path: '/reports/export.csv', summary: 'The overview as CSV, per channel, agent and team', access: [...readers], query: rangeQuery }, async (c, { query }) => {
  const services = c.get('services');
  const range = rangeOf(query, services.now());
  const csv = overviewCsv(await reportOverview(services.database.db, range), range);
  return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ulak-report.csv"' });
});
