// Value settings: the currency rates an admin keeps so figures total in the workspace currency.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { workspaces } from '../db/schema/index.ts';
import { invalidField } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { isCurrency } from '../lib/validators.ts';
import { listCurrencyRates, replaceCurrencyRates } from '../value/currency-rates.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'value', '/api');

const ratesBody = z.object({
  rates: z.record(
    z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as USD'),
    z
      .union([z.string(), z.number()])
      .transform(String)
      .refine((v) => /^\d{1,10}(\.\d{1,8})?$/.test(v) && /[1-9]/.test(v), 'must be a positive rate with at most 8 decimals, such as "34.25"'),
  ),
});

route({ method: 'get', path: '/workspace/currency-rates', summary: 'The workspace currency and the rates into it (units of the workspace currency per unit)', access: ['marketer'] }, async (c) =>
  listCurrencyRates(c.get('services').database.db),
);

route(
  { method: 'put', path: '/workspace/currency-rates', summary: "Replace the currency rates; every contact's totals are recomputed with them", access: ['admin'], body: ratesBody },
  async (c, { body }) => {
    const services = c.get('services');
    const [ws] = await services.database.db.select({ currency: workspaces.currency }).from(workspaces).where(eq(workspaces.id, 1));
    if (ws && body.rates[ws.currency] !== undefined) throw invalidField(`rates.${ws.currency}`, `rates.${ws.currency}: the workspace currency is always 1`);
    const result = await replaceCurrencyRates(services.database, body.rates, services.now());
    services.valueChanged();
    return result;
  },
);
