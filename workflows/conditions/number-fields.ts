// The facts that are numbers, and the one way a typed value reads as a number: "abc" or "1.500,50" is refused, not matched against nothing.
import type { Operator } from './schema.ts';

/** Facts the engine holds as numbers (customer value, RFM scores, CLV, complaint score). */
export const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'contact.orders',
  'contact.totalSpent',
  'contact.aov',
  'contact.responsiveHour',
  'contact.rfm.r',
  'contact.rfm.f',
  'contact.rfm.m',
  'contact.clv.pAlive',
  'contact.clv.expected90d',
  'contact.clv.predicted12m',
  'message.complaintScore',
]);

/** Operators that compare the field with the leaf's value, or with each value of its list. */
const COMPARES_VALUE: ReadonlySet<Operator> = new Set(['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte']);

/** Digits with an optional dot for decimals: what JSON and the engine read as a number, and nothing locale-dependent. */
const DECIMAL = /^[-+]?(\d+(\.\d+)?|\.\d+)$/;

/** A finite number, or text that is one ("12.5", " 3 "); undefined for anything else ("abc", "1.500,50", "0x10"). */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Whether a leaf compares a number fact with its value, so that value must be a number. */
export function needsNumber(field: string | undefined, op: Operator): boolean {
  return field !== undefined && NUMBER_FIELDS.has(field) && COMPARES_VALUE.has(op);
}
