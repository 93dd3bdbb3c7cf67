// One function per operator: how a leaf compares the fact it reads with its value.
import { DateTime } from 'luxon';
import type { Facts } from '../facts.ts';
import { foldCase } from '../text/fold.ts';
import { EVENT_FIELD, type ConditionLeaf, type Operator } from './schema.ts';
import type { AttributeType } from '../attributes/attribute-types.ts';

const DAY_MS = 86_400_000;

/** Reads a dot path; `contact.vip` falls back to the custom attribute `contact.attributes.vip`. */
export function readField(facts: Facts, path: string): unknown {
  const direct = walk(facts, path.split('.'));
  if (direct !== undefined || !path.startsWith('contact.')) return direct;
  return walk(facts.contact.attributes ?? {}, path.split('.').slice(1));
}

function walk(root: unknown, parts: string[]): unknown {
  let node: unknown = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function textKey(value: unknown): unknown {
  return typeof value === 'string' ? foldCase(value) : value;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return toTime(a) !== undefined && toTime(a) === toTime(b);
  return textKey(a) === textKey(b);
}

/**
 * Dates arrive as Date objects or ISO strings from JSON. A string counts as a date only when it starts with a full
 * `YYYY-MM-DD`: "1012" is a number written as text, never the year 1012.
 */
export function toTime(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const parsed = DateTime.fromISO(value, { zone: 'utc' });
    return parsed.isValid ? parsed.toMillis() : undefined;
  }
  return undefined;
}

/** Undeclared values order only number with number and date with date; declared text orders alphabetically. */
function compareOrdered(actual: unknown, expected: unknown, type?: AttributeType): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (type === 'text') return typeof actual === 'string' && typeof expected === 'string' ? foldCase(actual).localeCompare(foldCase(expected), 'tr') : undefined;
  const a = toTime(actual);
  const b = toTime(expected);
  if (a !== undefined && b !== undefined) return a - b;
  return undefined;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => same(item, expected));
  if (typeof actual === 'string' && typeof expected === 'string') return foldCase(actual).includes(foldCase(expected));
  return false;
}

function daysAgo(actual: unknown, now: Date): number | undefined {
  const t = toTime(actual);
  return t === undefined ? undefined : (now.getTime() - t) / DAY_MS;
}

/** `type` is the declared type of the custom attribute the leaf reads, when it reads one. */
type OperatorFn = (actual: unknown, value: unknown, facts: Facts, type?: AttributeType) => boolean;

export const operators: Record<Operator, OperatorFn> = {
  eq: (a, v) => same(a, v),
  neq: (a, v) => !same(a, v),
  in: (a, v) => (v as unknown[]).some((item) => same(a, item)),
  nin: (a, v) => !(v as unknown[]).some((item) => same(a, item)),
  contains: (a, v) => contains(a, v),
  not_contains: (a, v) => !contains(a, v),
  starts_with: (a, v) => typeof a === 'string' && typeof v === 'string' && foldCase(a).startsWith(foldCase(v)),
  exists: (a) => a !== undefined && a !== null && a !== '',
  not_exists: (a) => a === undefined || a === null || a === '',
  gt: (a, v, _f, t) => (compareOrdered(a, v, t) ?? Number.NaN) > 0,
  gte: (a, v, _f, t) => (compareOrdered(a, v, t) ?? Number.NaN) >= 0,
  lt: (a, v, _f, t) => (compareOrdered(a, v, t) ?? Number.NaN) < 0,
  lte: (a, v, _f, t) => (compareOrdered(a, v, t) ?? Number.NaN) <= 0,
  before: (a, v, _f, t) => (compareOrdered(a, v, t) ?? Number.NaN) < 0,
  after: (a, v, _f, t) => (compareOrdered(a, v, t) ?? Number.NaN) > 0,
  within_last_days: (a, v, f) => {
    const d = daysAgo(a, f.now);
    return d !== undefined && d >= 0 && d <= (v as number);
  },
  more_than_days_ago: (a, v, f) => {
    const d = daysAgo(a, f.now);
    return d !== undefined && d > (v as number);
  },
  has_label: (a, v) => Array.isArray(a) && a.some((label) => same(label, v)),
  has_consent: (a, v) => {
    const consents = (a ?? {}) as Record<string, { status?: string } | undefined>;
    return consents[String(v)]?.status === 'opted_in';
  },
  on_channel: (a, v) => (Array.isArray(v) ? v.includes(a) : a === v),
  // `a` is the contact's occurrence times of the event (facts.contact.events.<name>); none known counts as zero.
  occurred_at_least: (a, v, f) => {
    const { times, days } = v as { times: number; days: number };
    const since = f.now.getTime() - days * DAY_MS;
    let n = 0;
    for (const at of Array.isArray(a) ? a : []) {
      const t = toTime(at);
      if (t !== undefined && t >= since && t <= f.now.getTime() && ++n >= times) return true;
    }
    return false;
  },
};

/** Where an operator looks when the leaf names no field. */
export function defaultField(op: Operator): string | undefined {
  if (op === 'has_label') return 'contact.labels';
  if (op === 'has_consent') return 'contact.consents';
  if (op === 'on_channel') return 'message.channel';
  return undefined;
}

export function leafActual(leaf: ConditionLeaf, facts: Facts): unknown {
  // An event name may hold dots (`order.shipped`): read by name, not walked as a path.
  if (leaf.op === 'occurred_at_least') {
    const name = EVENT_FIELD.exec(leaf.field ?? '')?.[1];
    return name ? facts.contact.events?.[name] : undefined;
  }
  const field = leaf.field ?? defaultField(leaf.op);
  return field ? readField(facts, field) : undefined;
}
