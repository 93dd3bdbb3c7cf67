// One shop webhook delivery: verify the signature, drop a repeated delivery, then store the order or refund it carries.
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { integrationDeliveries, orders, type IntegrationKind } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { transact } from '../../events/record-event.ts';
import { recomputeContactValue } from '../../value/recompute-contact-value.ts';
import { customerIdentities, resolveCustomers } from '../resolve-customers.ts';
import { storeOrders } from '../store-orders.ts';
import { integrationSecret, type LastKnownSecrets } from './integrations.ts';
import { parseShopJson } from './parse-shop-json.ts';
import { ShopPayloadError, type ShopChange } from './shop-change.ts';
import { verifyShopSignature } from './shop-signature.ts';
import { shopifyChange } from './shopify-order.ts';
import { woocommerceChange } from './woocommerce-order.ts';

interface Platform {
  signature: string;
  topic: string;
  delivery: string;
  change(topic: string, payload: Record<string, unknown>): ShopChange;
}

const PLATFORMS: Record<IntegrationKind, Platform> = {
  shopify: { signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', delivery: 'x-shopify-webhook-id', change: shopifyChange },
  woocommerce: { signature: 'x-wc-webhook-signature', topic: 'x-wc-webhook-topic', delivery: 'x-wc-webhook-delivery-id', change: woocommerceChange },
};

export interface ShopDelivery {
  kind: IntegrationKind;
  integrationId: string;
  headers: Headers;
  rawBody: Uint8Array;
}

export type ShopOutcome = { result: 'stored' | 'duplicate' | 'ignored'; created: number; updated: number; contactIds: string[] };

/** The headers a delivery is verified and stored by: what a kept delivery keeps of its request. */
export const shopHeaders = (kind: IntegrationKind): string[] => [PLATFORMS[kind].signature, PLATFORMS[kind].topic, PLATFORMS[kind].delivery];

export async function receiveShopWebhook(database: Database, key: Buffer, delivery: ShopDelivery, options: { region: string; now: Date }): Promise<ShopOutcome> {
  await verifyShopDelivery(database, key, delivery);
  return storeShopDelivery(database, delivery, options);
}

/** Refuses a delivery for no integration of its kind (404) or not signed with its secret (401). */
export async function verifyShopDelivery(database: Database, key: Buffer, delivery: ShopDelivery, secrets?: LastKnownSecrets): Promise<void> {
  const platform = PLATFORMS[delivery.kind];
  const secret = secrets ? await secrets.read(database.db, key, delivery.integrationId, delivery.kind) : await integrationSecret(database.db, key, delivery.integrationId, delivery.kind);
  if (!secret) throw new AppError(404, 'not_found', 'integration not found');
  if (!verifyShopSignature(secret, delivery.rawBody, delivery.headers.get(platform.signature))) {
    throw new AppError(401, 'invalid_signature', `The ${platform.signature} header does not match the body signed with this integration's secret`);
  }
}

/** Stores the order or refund a verified delivery carries, once per delivery id. */
export async function storeShopDelivery(database: Database, delivery: ShopDelivery, options: { region: string; now: Date }): Promise<ShopOutcome> {
  const platform = PLATFORMS[delivery.kind];
  const none: ShopOutcome = { result: 'ignored', created: 0, updated: 0, contactIds: [] };
  let payload: unknown;
  try {
    payload = parseShopJson(new TextDecoder().decode(delivery.rawBody));
  } catch {
    return none; // WooCommerce's signed ping on webhook creation is a form body (`webhook_id=…`), not an order
  }
  if (!payload || typeof payload !== 'object') return none;
  let change: ShopChange;
  try {
    change = platform.change(delivery.headers.get(platform.topic) ?? '', payload as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ShopPayloadError) throw new AppError(422, 'invalid_payload', error.message);
    throw error;
  }
  const deliveryId = delivery.headers.get(platform.delivery)?.trim();
  const source = `${delivery.kind}:${delivery.integrationId}`;
  return transact(database, async (tx) => {
    if (deliveryId) {
      const fresh = await tx.insert(integrationDeliveries).values({ integrationId: delivery.integrationId, deliveryId, receivedAt: options.now }).onConflictDoNothing().returning();
      if (!fresh.length) return { ...none, result: 'duplicate' as const };
    }
    if (change.kind === 'ignored') return none;
    if (change.kind === 'refund') return { result: 'stored' as const, created: 0, updated: 1, contactIds: [await addRefund(tx, source, change, options.now)] };
    const { order } = change;
    // A malformed phone or email from a shop is dropped, not fatal: the order still belongs to whoever else it names.
    const identities = customerIdentities(order.customer, source, options.region);
    if (!identities.length) throw new AppError(422, 'invalid_contact', 'The order names no customer email, phone or id');
    const [contactId] = await resolveCustomers(tx, [{ identities, name: order.customer.name }], options.now, 'order');
    const stored = await storeOrders(tx, [{ ...order, source, contactId: contactId! }], options.now);
    return { result: 'stored' as const, ...stored };
  });
}

/** A refund before its order is refused (409) so the shop retries it later, after the order has arrived. */
async function addRefund(tx: Tx, source: string, refund: Extract<ShopChange, { kind: 'refund' }>, now: Date): Promise<string> {
  const patch = JSON.stringify({ [refund.refundId]: refund.amount });
  const [row] = await tx
    .update(orders)
    .set({
      refunds: sql`${orders.refunds} || ${patch}::jsonb`,
      refunded: sql`(select coalesce(sum(value::numeric), 0) from jsonb_each_text(${orders.refunds} || ${patch}::jsonb))`,
      updatedAt: now,
    })
    .where(and(eq(orders.source, source), eq(orders.externalId, refund.orderExternalId)))
    .returning({ contactId: orders.contactId });
  if (!row) throw new AppError(409, 'order_unknown', `No order ${refund.orderExternalId} has arrived yet for this refund`);
  await recomputeContactValue(tx, [row.contactId], now);
  return row.contactId;
}
