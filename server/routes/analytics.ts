// Customer analytics: the purchase model fit (BG/NBD with Gamma-Gamma spend), stored or fitted on demand as of a date.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isoDay } from '../lib/validators.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { fitClv, latestClvFit } from '../value/clv/index.ts';

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
    const db = c.get('services').database.db;
    if (query.asOf) return (await fitClv(db, query.asOf)).fit;
    const fit = await latestClvFit(db);
    if (!fit) throw new AppError(404, 'no_fit', 'No fit is stored yet: one is made within a minute of orders changing, once the workspace has enough purchase data (ask with ?asOf= to fit now)');
    return fit;
  },
);
