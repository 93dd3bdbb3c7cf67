// The audience builder's rows as the workflow engine's condition tree (`{ all: [leaf or { not: leaf }…] }`), and back.
import type { Condition, ConditionLeaf, Operator } from '../../../../workflows/conditions/schema.ts';
import { needsNumber, readNumber } from '../../../../workflows/conditions/number-fields.ts';
import { isRfmSegmentCode, namesRfmSegment } from '../../../../workflows/conditions/rfm-field.ts';

export type { Condition };
export interface SegmentRule {
  field: string;
  op: Operator;
  value: string;
  /** The row holds when its condition does not ("no order within the wait"): sent as `{ not: leaf }`. */
  not?: boolean;
}

/** Operators offered in the builder; a row can also be negated. The engine knows more (any, lists, not of a group), the JSON view reaches those. */
export const ruleOperators: Operator[] = [
  'eq',
  'neq',
  'contains',
  'not_contains',
  'starts_with',
  'exists',
  'not_exists',
  'has_label',
  'has_consent',
  'on_channel',
  'within_last_days',
  'more_than_days_ago',
  'gt',
  'gte',
  'lt',
  'lte',
  'occurred_at_least',
];
export const ruleFields = [
  'contact.language',
  'contact.timeZone',
  'contact.preferredChannel',
  'contact.lastInboundAt',
  'contact.firstSeenAt',
  'contact.birthday',
  'contact.orders',
  'contact.totalSpent',
  'contact.aov',
  'contact.lastOrderAt',
  'contact.rfm.segment',
  'contact.clv.pAlive',
  'contact.clv.predicted12m',
  'contact.churnRisk',
  'contact.attributes.',
  'contact.events.',
];

const implicitField = new Set<Operator>(['has_label', 'has_consent', 'on_channel']);
const numeric = new Set<Operator>(['within_last_days', 'more_than_days_ago', 'gt', 'gte', 'lt', 'lte']);
const days = new Set<Operator>(['within_last_days', 'more_than_days_ago']);
const noValue = new Set<Operator>(['exists', 'not_exists']);

export function needsField(op: Operator): boolean {
  return !implicitField.has(op);
}

export function needsValue(op: Operator): boolean {
  return !noValue.has(op);
}

/** `occurred_at_least` counts a tracked event: its row holds "times,days" ("3,7": at least 3 times in the last 7 days). */
export function eventCount(value: string): { times: number; days: number } | null {
  const [times, days] = value.split(',').map((part) => Number(part.trim()));
  return Number.isInteger(times) && Number.isInteger(days) && times! > 0 && days! > 0 ? { times: times!, days: days! } : null;
}

/** Whether a value that reads as a number is sent as one: an ordering, a count of days, or a number fact (`contact.orders`) compared. */
function sentAsNumber(field: string | undefined, op: Operator): boolean {
  return numeric.has(op) || needsNumber(field, op);
}

/** Why the row's value cannot be sent (an i18n key shown beside it): "abc" or "1.500,50" where a number belongs, a name that is no RFM segment. */
export function ruleProblem(rule: SegmentRule): 'automation.err.days' | 'automation.err.number' | 'automation.err.rfmSegment' | undefined {
  if (!needsValue(rule.op) || !rule.value.trim()) return undefined;
  if (namesRfmSegment(rule.field, rule.op)) return isRfmSegmentCode(rule.value.trim()) ? undefined : 'automation.err.rfmSegment';
  if (!(days.has(rule.op) || needsNumber(rule.field, rule.op))) return undefined;
  const n = readNumber(rule.value);
  if (days.has(rule.op)) return n === undefined || n < 0 ? 'automation.err.days' : undefined;
  return n === undefined ? 'automation.err.number' : undefined;
}

/** A count of days that is not whole, in hours: the abandoned-cart preset's wait of 1 hour is 0.041666… days. */
export function daysInHours(rule: SegmentRule): number | undefined {
  if (!days.has(rule.op)) return undefined;
  const n = readNumber(rule.value);
  return n === undefined || n < 0 || Number.isInteger(n) ? undefined : Math.round(n * 240) / 10;
}

/** A number written "1.500": read as 1.5, since a dot marks decimals, where a Turkish writer may mean fifteen hundred. */
export function dotReadsAsDecimal(rule: SegmentRule): { read: number; whole: number } | undefined {
  const text = rule.value.trim();
  if (!sentAsNumber(rule.field, rule.op) || !/^\d{1,3}\.\d{3}$/.test(text)) return undefined;
  return { read: Number(text), whole: Number(text.replace('.', '')) };
}

/** A row the marketer has not finished, or whose value cannot be sent: the live count ignores it, saving a workflow asks to finish it. */
export function isUnfinished(rule: SegmentRule): boolean {
  if (rule.op === 'occurred_at_least' && !eventCount(rule.value)) return true;
  if (ruleProblem(rule)) return true;
  return valueMissing(rule) || fieldMissing(rule);
}

/** The row's field is still to be written (empty, or a prefix such as "contact.attributes."). */
export function fieldMissing(rule: SegmentRule): boolean {
  return needsField(rule.op) && (!rule.field || rule.field.endsWith('.'));
}

/** The row's value is still to be written. */
export function valueMissing(rule: SegmentRule): boolean {
  return needsValue(rule.op) && !rule.value.trim();
}

/** Rows left half-filled are skipped, so the live count follows what the marketer has finished typing. */
export function toSegment(rules: SegmentRule[]): Condition {
  const leaves: Condition[] = [];
  for (const rule of rules) {
    if (isUnfinished(rule)) continue;
    const text = rule.value.trim();
    const value = rule.op === 'occurred_at_least' ? eventCount(text)! : ((sentAsNumber(rule.field, rule.op) ? readNumber(text) : undefined) ?? text);
    const leaf: ConditionLeaf = needsField(rule.op) ? { field: rule.field, op: rule.op } : { op: rule.op };
    const full = needsValue(rule.op) ? { ...leaf, value } : leaf;
    leaves.push(rule.not ? { not: full } : full);
  }
  return { all: leaves };
}

/**
 * The rows for a condition tree, or null when the rows cannot show it faithfully (any, lists, not of a
 * group or of a not, an operator the builder lacks, a number compared as text): such trees stay as they
 * are, edited in JSON.
 */
export function fromSegment(condition: Condition | undefined): SegmentRule[] | null {
  if (!condition) return [];
  const rules: SegmentRule[] = [];
  for (const item of 'all' in condition ? condition.all : [condition]) {
    const rule = 'not' in item ? fromLeaf(item.not) : fromLeaf(item);
    if (!rule) return null;
    rules.push('not' in item ? { ...rule, not: true } : rule);
  }
  return rules;
}

/** The row for one leaf, or null when the tree there is no leaf or the row cannot show it. */
function fromLeaf(leaf: Condition): SegmentRule | null {
  if (!('op' in leaf) || !ruleOperators.includes(leaf.op)) return null;
  const { value } = leaf;
  if (leaf.op === 'occurred_at_least') {
    const count = value as { times?: unknown; days?: unknown } | undefined;
    if (typeof count?.times !== 'number' || typeof count.days !== 'number') return null;
    return { field: leaf.field ?? '', op: leaf.op, value: `${count.times},${count.days}` };
  }
  const number = sentAsNumber(leaf.field, leaf.op);
  const fits = value === undefined ? !needsValue(leaf.op) : typeof value === 'string' ? !number : typeof value === 'number' && number;
  if (!fits) return null;
  return { field: leaf.field ?? '', op: leaf.op, value: value === undefined ? '' : String(value) };
}
