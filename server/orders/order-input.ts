// The shape of an order or a tracked event as callers send it, checked one row at a time so a bad row is refused alone.
import { z } from 'zod';
import { ORDER_STATUSES } from '../db/schema/index.ts';
import { isCurrency, isoTimestamp } from '../lib/validators.ts';
import { TRACKED_EVENT_NAME, TRACKED_EVENT_NAME_RULE } from '../../workflows/model.ts';

/** An exact amount: a decimal string (or a JSON number, read as written), at most 12 digits and 2 decimals. */
export const decimalAmount = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^\d{1,12}(\.\d{1,2})?$/.test(v), 'must be a non-negative amount with at most 2 decimals, such as "129.90"');

export const contactRef = z
  .object({
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
    externalId: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().max(200).optional(),
  })
  .refine((c) => !!(c.email || c.phone || c.externalId), 'needs an email, a phone number or an externalId');
export type ContactRef = z.infer<typeof contactRef>;

export const sourceName = z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/, 'must be a short lower-case name such as "shopify"');

const item = z.object({
  sku: z.string().max(200).optional(),
  name: z.string().max(500).optional(),
  category: z.string().trim().min(1).max(200).optional(),
  quantity: z.number().int().min(0).max(1_000_000).default(1),
  unitPrice: decimalAmount,
});

export const orderRow = z.object({
  externalId: z.string().trim().min(1).max(200),
  source: sourceName.default('api'),
  contact: contactRef,
  placedAt: isoTimestamp().transform((v) => new Date(v)),
  currency: z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as TRY'),
  total: decimalAmount,
  status: z.enum(ORDER_STATUSES).default('paid'),
  items: z.array(item).max(500).default([]),
});
export type OrderRow = z.infer<typeof orderRow>;

export const eventRow = z.object({
  name: z.string().trim().regex(TRACKED_EVENT_NAME, TRACKED_EVENT_NAME_RULE),
  /** Scopes contact.externalId, as on orders: the same source and id are the same customer. */
  source: sourceName.default('api'),
  contact: contactRef,
  occurredAt: isoTimestamp()
    .transform((v) => new Date(v))
    .optional(),
  properties: z.record(z.string().max(100), z.unknown()).default({}),
});
export type EventRow = z.infer<typeof eventRow>;

export const MAX_ROWS_PER_CALL = 1_000;

export interface Rejection {
  index: number;
  code: string;
  message: string;
}

/** Checks each row on its own: the valid ones with their index, the rest as rejections in words. */
export function checkRows<T extends z.ZodType>(schema: T, rows: unknown[]): { valid: Array<{ index: number; row: z.infer<T> }>; rejected: Rejection[] } {
  const valid: Array<{ index: number; row: z.infer<T> }> = [];
  const rejected: Rejection[] = [];
  rows.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) valid.push({ index, row: result.data });
    else rejected.push({ index, code: 'invalid', message: result.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
  });
  return { valid, rejected };
}
