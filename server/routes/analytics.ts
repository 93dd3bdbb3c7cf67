// Customer analytics for marketers and admins: the purchase model fit (BG/NBD with Gamma-Gamma spend), the RFM grid,
// segment sizes over time, cohort retention, the predicted-value distribution and the churn-risk list.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isoDay } from '../lib/validators.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { fitClv, latestClvFit, passAsOf, requireClvData } from '../value/clv/index.ts';
import { churnRiskContacts, churnRiskCsv, cohortRetention, predictedValueHistogram, rfmCellContacts, rfmGrid, segmentSizes } from '../analytics/index.ts';
import { workspaceCurrency } from '../analytics/workspace-currency.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'analytics', '/api');

route(
  {
    method: 'get',
    path: '/analytics/clv',
    summary: 'The BG/NBD + Gamma-Gamma fit: the stored one, or with ?asOf=YYYY-MM-DD one fitted now on the orders placed up to that date',
    access: ['marketer'],
    query: z.object({ asOf: isoDay().optional() }),
  },
  async (c, { query }) => {
    const services = c.get('services');
    const db = services.database.db;
    if (query.asOf) return (await fitClv(db, query.asOf)).fit;
    const fit = await latestClvFit(db);
    if (fit) return fit;
    // Too little data is said as the fit as of today would say it: the pass stores no fit until there is enough.
    await requireClvData(db, passAsOf(services.now(), services.workspace.timeZone));
    throw new AppError(404, 'no_fit', 'No fit is stored yet: one is made within a minute of orders changing, once the workspace has enough purchase data (ask with ?asOf= to fit now)');
  },
);

// Revenue and value figures are for the people who plan campaigns (marketers; admins pass every check).
const access = ['marketer'] as const;
const score = z.coerce.number().int().min(1).max(5);

route({ method: 'get', path: '/analytics/rfm', summary: 'The RFM grid: contacts and lifetime revenue per recency × frequency cell, and contacts per named segment', access: [...access] }, async (c) =>
  rfmGrid(c.get('services').database.db),
);

route(
  {
    method: 'get',
    path: '/analytics/rfm/contacts',
    summary: 'The contacts of one RFM cell, highest spenders first',
    access: [...access],
    query: z.object({ r: score, f: score, limit: z.coerce.number().int().min(1).max(500).default(50) }),
  },
  async (c, { query }) => rfmCellContacts(c.get('services').database.db, query.r, query.f, query.limit),
);

route(
  {
    method: 'get',
    path: '/analytics/segment-sizes',
    summary: 'Named RFM segment sizes per day (recorded by each RFM pass) over the last `days` days',
    access: [...access],
    query: z.object({ days: z.coerce.number().int().min(1).max(730).default(90) }),
  },
  async (c, { query }) => {
    const services = c.get('services');
    return segmentSizes(services.database.db, services.now(), query.days);
  },
);

route(
  {
    method: 'get',
    path: '/analytics/cohorts',
    summary: 'Monthly cohort retention: customers by month of first paid order, and the share ordering again in each later month',
    access: [...access],
    query: z.object({ months: z.coerce.number().int().min(1).max(36).default(12) }),
  },
  async (c, { query }) => {
    const services = c.get('services');
    return cohortRetention(services.database.db, services.now(), services.workspace.timeZone, query.months);
  },
);

route({ method: 'get', path: '/analytics/predicted-value', summary: 'Histogram of predicted 12-month value per buyer, in the workspace currency', access: [...access] }, async (c) =>
  predictedValueHistogram(c.get('services').database.db),
);

route(
  {
    method: 'get',
    path: '/analytics/churn-risk',
    summary: 'Contacts at churn risk, highest spenders first; ?format=csv downloads them',
    access: [...access],
    query: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100), format: z.enum(['json', 'csv']).default('json') }),
  },
  async (c, { query }) => {
    const db = c.get('services').database.db;
    const [list, currency] = await Promise.all([churnRiskContacts(db, query.limit), workspaceCurrency(db)]);
    if (query.format === 'json') return { currency, ...list };
    return c.body(churnRiskCsv(list.items, currency), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ulak-churn-risk.csv"' });
  },
);
