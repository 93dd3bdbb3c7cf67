// Shop integrations (Shopify, WooCommerce): set up with a secret, listed with the webhook URL to paste into the shop.
import { Hono } from 'hono';
import { z } from 'zod';
import { INTEGRATION_KINDS } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { createIntegration, deleteIntegration, describeIntegration, listIntegrations } from '../orders/index.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'integrations', '/api');

const integrationBody = z.object({
  kind: z.enum(INTEGRATION_KINDS),
  name: z.string().trim().min(1).max(200),
  secret: z.string().min(16, 'must be at least 16 characters').max(500).optional(),
});

export const createIntegrationRoute = route(
  {
    method: 'post',
    path: '/integrations',
    summary: 'Connect a shop: its order webhooks go to the returned url, signed with the secret (generated and shown once when not given)',
    access: ['admin'],
    status: 201,
    body: integrationBody,
  },
  async (c, { body }) => {
    const { config, database, shopSecrets } = c.get('services');
    const { row, secret } = await createIntegration(database.db, config.secretKey, body);
    shopSecrets.remember(row.id, row.kind, secret);
    return { ...describeIntegration(config.publicUrl, config.secretKey, row), secret };
  },
);

export const listIntegrationsRoute = route({ method: 'get', path: '/integrations', summary: 'Shop integrations with their webhook URLs (secrets masked)', access: ['admin'] }, async (c) => {
  const { config, database } = c.get('services');
  return { items: (await listIntegrations(database.db)).map((row) => describeIntegration(config.publicUrl, config.secretKey, row)) };
});

route({ method: 'delete', path: '/integrations/:id', summary: 'Disconnect a shop: its webhooks are refused from now on; its orders stay', access: ['admin'] }, async (c) => {
  if (!(await deleteIntegration(c.get('services').database.db, uuidParam(c)))) throw notFound('integration');
  return { ok: true };
});
