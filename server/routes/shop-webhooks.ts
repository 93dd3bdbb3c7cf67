// Inbound order webhooks from connected shops; answered 200 only after the order is committed, or 202 once a verified
// delivery the database cannot take now is kept on this machine's disk (shop-spool.ts).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../errors.ts';
import { routeRegistry } from '../http/route.ts';
import type { IntegrationKind } from '../db/schema/index.ts';
import { orWhileUnavailable } from '../../connectors/is-transient-failure.ts';
import { keepShopDelivery, storeShopDelivery, verifyShopDelivery, type ShopDelivery } from '../orders/index.ts';

export const app = new Hono<AppEnv>();

async function receive(c: Context<AppEnv>, kind: IntegrationKind) {
  const services = c.get('services');
  const integrationId = c.req.param('integrationId') ?? '';
  if (!z.uuid().safeParse(integrationId).success) throw new AppError(404, 'not_found', 'integration not found');
  const delivery: ShopDelivery = { kind, integrationId, headers: c.req.raw.headers, rawBody: new Uint8Array(await c.req.arrayBuffer()) };
  await verifyShopDelivery(services.database, services.config.secretKey, delivery, services.shopSecrets);
  const outcome = await orWhileUnavailable(
    () => storeShopDelivery(services.database, delivery, { region: services.workspace.defaultRegion, now: services.now() }),
    async () => {
      await keepShopDelivery(services.spoolDir, delivery, services.now());
      services.spool.kept();
      return 'kept' as const;
    },
  );
  if (outcome === 'kept') return c.json({ result: 'queued', created: 0, updated: 0 }, 202);
  if (outcome.result === 'stored') services.valueChanged();
  return c.json({ result: outcome.result, created: outcome.created, updated: outcome.updated });
}

const KEPT =
  'While the database cannot store it for a moment (a restart, a failover), a verified delivery is kept on disk and answered 202 `{ result: "queued" }`, then stored once the database is back; one this process cannot verify then (a secret it has not read yet) gets 503.';

routeRegistry.push({
  method: 'post',
  path: '/webhooks/shopify/{integrationId}',
  summary: `Shopify order webhooks (orders/create, orders/updated, orders/cancelled, refunds/create), verified by X-Shopify-Hmac-Sha256 and deduplicated on X-Shopify-Webhook-Id. ${KEPT}`,
  tag: 'webhooks',
  access: 'public',
  status: 200,
});
app.post('/webhooks/shopify/:integrationId', (c) => receive(c, 'shopify'));

routeRegistry.push({
  method: 'post',
  path: '/webhooks/woocommerce/{integrationId}',
  summary: `WooCommerce order webhooks (order.created, order.updated), verified by X-WC-Webhook-Signature and deduplicated on X-WC-Webhook-Delivery-ID. ${KEPT}`,
  tag: 'webhooks',
  access: 'public',
  status: 200,
});
app.post('/webhooks/woocommerce/:integrationId', (c) => receive(c, 'woocommerce'));
