// Shopify's order and refund webhook payloads (Admin REST shape) turned into a ShopChange.
import { isCurrency, isStorableDate } from '../../lib/validators.ts';
import type { OrderStatus } from '../../db/schema/index.ts';
import { sumAmounts, toAmount } from '../money.ts';
import { idText } from './parse-shop-json.ts';
import { fullName, ShopPayloadError, text, type ShopChange, type ShopOrder } from './shop-change.ts';

type Obj = Record<string, any>;

export const SHOPIFY_ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled', 'orders/paid'] as const;

export function shopifyChange(topic: string, payload: Obj): ShopChange {
  if ((SHOPIFY_ORDER_TOPICS as readonly string[]).includes(topic)) return { kind: 'order', order: shopifyOrder(payload) };
  if (topic === 'refunds/create') {
    const orderExternalId = idText(payload.order_id);
    const refundId = idText(payload.id);
    if (!orderExternalId || !refundId) throw new ShopPayloadError('a refund needs id and order_id');
    return { kind: 'refund', orderExternalId, refundId, amount: refundAmount(payload) };
  }
  return { kind: 'ignored', reason: `topic ${topic} carries no order` };
}

/** Shopify's financial_status (and cancelled_at) mapped to ours; a partial refund leaves the order paid, net of it. */
function status(o: Obj): OrderStatus {
  if (o.cancelled_at) return 'cancelled';
  switch (o.financial_status) {
    case 'paid':
    case 'partially_paid':
    case 'partially_refunded':
      return 'paid';
    case 'refunded':
      return 'refunded';
    case 'voided':
    case 'expired':
      return 'cancelled';
    default:
      return 'pending';
  }
}

/** What was given back: the successful refund transactions, or (when a refund has none) its lines and adjustments. */
export function refundAmount(refund: Obj): string {
  const transactions = (Array.isArray(refund.transactions) ? refund.transactions : []).filter((t: Obj) => t.kind === 'refund' && (t.status ?? 'success') === 'success');
  if (transactions.length) return sumAmounts(transactions.map((t: Obj) => toAmount(t.amount) ?? '0.00'));
  const lines = (Array.isArray(refund.refund_line_items) ? refund.refund_line_items : []).flatMap((l: Obj) => [toAmount(l.subtotal) ?? '0.00', toAmount(l.total_tax) ?? '0.00']);
  const adjustments = (Array.isArray(refund.order_adjustments) ? refund.order_adjustments : []).map((a: Obj) => toAmount(a.amount) ?? '0.00');
  return sumAmounts([...lines, ...adjustments]);
}

function shopifyOrder(o: Obj): ShopOrder {
  const externalId = idText(o.id);
  const currency = text(o.currency);
  const total = toAmount(o.total_price);
  const placedAt = new Date(text(o.created_at) ?? '');
  if (!externalId || !currency || !isCurrency(currency) || !total || !isStorableDate(placedAt))
    throw new ShopPayloadError('an order needs id, currency, total_price and created_at (a time between the years 1000 and 9999)');
  const customer: Obj = o.customer ?? {};
  const refunds: Record<string, string> = {};
  for (const r of Array.isArray(o.refunds) ? o.refunds : []) {
    const id = idText(r.id);
    if (id) refunds[id] = refundAmount(r);
  }
  return {
    externalId,
    customer: {
      email: text(o.email) ?? text(o.contact_email) ?? text(customer.email),
      phone: text(o.phone) ?? text(customer.phone),
      externalId: idText(customer.id),
      name: fullName(customer.first_name, customer.last_name) ?? fullName(o.billing_address?.first_name, o.billing_address?.last_name),
    },
    placedAt,
    currency,
    total,
    status: status(o),
    items: (Array.isArray(o.line_items) ? o.line_items : []).map((l: Obj) => ({
      ...(text(l.sku) ? { sku: text(l.sku) } : {}),
      ...((text(l.title) ?? text(l.name)) ? { name: text(l.title) ?? text(l.name) } : {}),
      ...(text(l.product_type) ? { category: text(l.product_type) } : {}),
      quantity: Number.isInteger(l.quantity) ? l.quantity : 1,
      unitPrice: toAmount(l.price) ?? '0.00',
    })),
    refunds,
  };
}
