// What a shop webhook asks of us, whatever the platform: store this order, add this refund, or nothing.
import type { OrderItem, OrderStatus } from '../../db/schema/index.ts';

export interface ShopOrder {
  externalId: string;
  customer: { email?: string; phone?: string; externalId?: string; name?: string };
  placedAt: Date;
  currency: string;
  total: string;
  status: OrderStatus;
  items: OrderItem[];
  /** Refund amounts by the shop's refund id. */
  refunds: Record<string, string>;
}

export type ShopChange = { kind: 'order'; order: ShopOrder } | { kind: 'refund'; orderExternalId: string; refundId: string; amount: string } | { kind: 'ignored'; reason: string };

/** A payload that names a topic we handle but does not have the fields it must. */
export class ShopPayloadError extends Error {}

export const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
export const fullName = (first: unknown, last: unknown) => [text(first), text(last)].filter(Boolean).join(' ') || undefined;
