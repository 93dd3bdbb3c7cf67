// WooCommerce's order webhook payload (the REST API v3 order shape) turned into a ShopChange.
import { isCurrency, isStorableDate } from '../../lib/validators.ts';
import type { OrderStatus } from '../../db/schema/index.ts';
import { toAmount } from '../money.ts';
import { idText } from './parse-shop-json.ts';
import { fullName, ShopPayloadError, text, type ShopChange } from './shop-change.ts';

type Obj = Record<string, any>;

export function woocommerceChange(topic: string, payload: Obj): ShopChange {
  if (topic !== 'order.created' && topic !== 'order.updated' && topic !== 'order.restored') return { kind: 'ignored', reason: `topic ${topic} carries no order` };
  const externalId = idText(payload.id);
  const currency = text(payload.currency);
  const total = toAmount(payload.total);
  // date_created_gmt has no zone designator but is UTC; date_created is the shop's local time.
  const gmt = text(payload.date_created_gmt);
  const placedAt = new Date(gmt ? `${gmt.replace(/Z$/, '')}Z` : '');
  if (!externalId || !currency || !isCurrency(currency) || !total || !isStorableDate(placedAt))
    throw new ShopPayloadError('an order needs id, currency, total and date_created_gmt (a time between the years 1000 and 9999)');
  const billing: Obj = payload.billing ?? {};
  const refunds: Record<string, string> = {};
  for (const r of Array.isArray(payload.refunds) ? payload.refunds : []) {
    const id = idText(r.id);
    const amount = toAmount(r.total); // WooCommerce lists refunds with negative totals ("-5.00")
    if (id && amount) refunds[id] = amount;
  }
  return {
    kind: 'order',
    order: {
      externalId,
      customer: {
        email: text(billing.email),
        phone: text(billing.phone),
        // Guest checkouts have customer_id 0: no shop account to know them by.
        externalId: payload.customer_id ? idText(payload.customer_id) : undefined,
        name: fullName(billing.first_name, billing.last_name),
      },
      placedAt,
      currency,
      total,
      status: status(text(payload.status)),
      items: (Array.isArray(payload.line_items) ? payload.line_items : []).map((l: Obj) => ({
        ...(text(l.sku) ? { sku: text(l.sku) } : {}),
        ...(text(l.name) ? { name: text(l.name) } : {}),
        quantity: Number.isInteger(l.quantity) ? l.quantity : 1,
        unitPrice: toAmount(l.price) ?? '0.00',
      })),
      refunds,
    },
  };
}

function status(s: string | undefined): OrderStatus {
  switch (s) {
    case 'processing':
    case 'completed':
      return 'paid';
    case 'refunded':
      return 'refunded';
    case 'cancelled':
    case 'failed':
    case 'trash':
      return 'cancelled';
    default:
      return 'pending'; // pending, on-hold, checkout-draft
  }
}
