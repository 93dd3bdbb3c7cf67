// Inbound order webhooks from connected shops; answered 2xx only after the order is committed.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../errors.ts';
import { routeRegistry } from '../http/route.ts';
import type { IntegrationKind } from '../db/schema/index.ts';
import { receiveShopWebhook } from '../orders/index.ts';

export const app = new Hono<AppEnv>();

async function receive(c: Context<AppEnv>, kind: IntegrationKind) {
  const services = c.get('services');
  const integrationId = c.req.param('integrationId') ?? '';
  if (!z.uuid().safeParse(integrationId).success) throw new AppError(404, 'not_found', 'integration not found');
  const rawBody = new Uint8Array(await c.req.arrayBuffer());
  const outcome = await receiveShopWebhook(
    services.database,
    services.config.secretKey,
    { kind, integrationId, headers: c.req.raw.headers, rawBody },
    { region: services.workspace.defaultRegion, now: services.now() },
  );
  if (outcome.result === 'stored') services.valueChanged();
  return c.json({ result: outcome.result, created: outcome.created, updated: outcome.updated });
}

routeRegistry.push({
  method: 'post',
  path: '/webhooks/shopify/{integrationId}',
  summary: 'Shopify order webhooks (orders/create, orders/updated, orders/cancelled, refunds/create), verified by X-Shopify-Hmac-Sha256 and deduplicated on X-Shopify-Webhook-Id',
  tag: 'webhooks',
  access: 'public',
  status: 200,
});
app.post('/webhooks/shopify/:integrationId', (c) => receive(c, 'shopify'));

routeRegistry.push({
  method: 'post',
  path: '/webhooks/woocommerce/{integrationId}',
  summary: 'WooCommerce order webhooks (order.created, order.updated), verified by X-WC-Webhook-Signature and deduplicated on X-WC-Webhook-Delivery-ID',
  tag: 'webhooks',
  access: 'public',
  status: 200,
});
app.post('/webhooks/woocommerce/:integrationId', (c) => receive(c, 'woocommerce'));
