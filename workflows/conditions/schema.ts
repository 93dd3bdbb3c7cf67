// The JSON condition tree shared by workflow conditions, branches, segments and campaigns.
import { z } from 'zod';
import { needsNumber, readNumber } from './number-fields.ts';
import { isRfmSegmentCode, namesRfmSegment, notRfmSegment } from './rfm-field.ts';

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'nin',
  'contains',
  'not_contains',
  'starts_with',
  'exists',
  'not_exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'before',
  'after',
  'within_last_days',
  'more_than_days_ago',
  'has_label',
  'has_consent',
  'on_channel',
  'occurred_at_least',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Operators that read a fixed place, so `field` is optional for them. */
const IMPLICIT_FIELD: ReadonlySet<Operator> = new Set(['has_label', 'has_consent', 'on_channel']);
const NO_VALUE: ReadonlySet<Operator> = new Set(['exists', 'not_exists']);
const LIST_VALUE: ReadonlySet<Operator> = new Set(['in', 'nin']);
const NUMBER_VALUE: ReadonlySet<Operator> = new Set(['within_last_days', 'more_than_days_ago']);

export interface ConditionLeaf {
  field?: string;
  op: Operator;
  value?: unknown;
}
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | ConditionLeaf;

const leafSchema = z
  .object({
    field: z
      .string()
      .regex(/^[A-Za-z_][\w]*(\.[\w-]+)*$/, 'field must be a dot path like contact.language')
      .optional(),
    op: z.enum(OPERATORS),
    value: z.unknown().optional(),
  })
  .strict()
  .superRefine((leaf, ctx) => {
    if (!leaf.field && !IMPLICIT_FIELD.has(leaf.op)) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `operator ${leaf.op} needs a field` });
    }
    if (!NO_VALUE.has(leaf.op) && leaf.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `operator ${leaf.op} needs a value` });
    }
    if (LIST_VALUE.has(leaf.op) && !Array.isArray(leaf.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `operator ${leaf.op} needs a list value` });
    }
    if (NUMBER_VALUE.has(leaf.op) && (typeof leaf.value !== 'number' || leaf.value < 0)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `operator ${leaf.op} needs a number of days` });
    }
    if (needsNumber(leaf.field, leaf.op)) {
      const bad = (Array.isArray(leaf.value) ? leaf.value : [leaf.value]).find((v) => v !== undefined && readNumber(v) === undefined);
      if (bad !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${leaf.field} needs a number like 1500.50, not ${JSON.stringify(bad)}` });
    }
    if (namesRfmSegment(leaf.field, leaf.op)) {
      const bad = (Array.isArray(leaf.value) ? leaf.value : [leaf.value]).find((v) => v !== undefined && !isRfmSegmentCode(v));
      if (bad !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: notRfmSegment(bad) });
    }
    if (leaf.op === 'occurred_at_least') {
      if (leaf.field !== undefined && !EVENT_FIELD.test(leaf.field)) ctx.addIssue({ code: 'custom', path: ['field'], message: 'operator occurred_at_least reads contact.events.<event name>' });
      if (!eventCount.safeParse(leaf.value).success)
        ctx.addIssue({ code: 'custom', path: ['value'], message: `operator occurred_at_least needs { times: 1–${MAX_EVENT_TIMES}, days: 1–${MAX_EVENT_DAYS} }` });
    }
  });

/** Event-count leaves: `{ field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: { times: 2, days: 7 } }`. */
export const EVENT_FIELD = /^contact\.events\.([a-z][a-z0-9_.:-]{0,99})$/;
/** Facts keep a contact's latest MAX_EVENT_TIMES occurrences per event within MAX_EVENT_DAYS, enough to answer any leaf. */
export const MAX_EVENT_TIMES = 1_000;
export const MAX_EVENT_DAYS = 365;
const eventCount = z.object({ times: z.number().int().min(1).max(MAX_EVENT_TIMES), days: z.number().positive().max(MAX_EVENT_DAYS) }).strict();

/** Deeper trees are refused: nobody writes one, and evaluating or storing a hostile 5,000-level tree would exhaust the stack. */
export const MAX_CONDITION_DEPTH = 32;

const conditionTree: z.ZodType<Condition, Condition> = z.lazy(() =>
  z.union([z.object({ all: z.array(conditionTree) }).strict(), z.object({ any: z.array(conditionTree) }).strict(), z.object({ not: conditionTree }).strict(), leafSchema]),
);

/** The condition tree, its depth checked (without recursion) before the recursive schema walks it. */
export const conditionSchema = z
  .preprocess((value: Condition, ctx) => {
    if (conditionDepthExceeds(value, MAX_CONDITION_DEPTH)) ctx.addIssue({ code: 'custom', message: `conditions nest more than ${MAX_CONDITION_DEPTH} levels deep` });
    return value;
  }, conditionTree)
  .transform(numbersAsNumbers);

/** A number fact's value typed as text ("12.5") is kept as the number (validated above): the engine orders only number with number. */
function numbersAsNumbers(node: Condition): Condition {
  if ('all' in node) return { all: node.all.map(numbersAsNumbers) };
  if ('any' in node) return { any: node.any.map(numbersAsNumbers) };
  if ('not' in node) return { not: numbersAsNumbers(node.not) };
  if (!needsNumber(node.field, node.op) || node.value === undefined) return node;
  return { ...node, value: Array.isArray(node.value) ? node.value.map(readNumber) : readNumber(node.value) };
}

function conditionDepthExceeds(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth > max) return true;
    const { all, any, not } = node as { all?: unknown; any?: unknown; not?: unknown };
    for (const children of [all, any]) if (Array.isArray(children)) for (const child of children) stack.push([child, depth + 1]);
    if (not !== undefined) stack.push([not, depth + 1]);
  }
  return false;
}

export function isLeaf(node: Condition): node is ConditionLeaf {
  return 'op' in node;
}

/** The customer events a tree counts (`contact.events.<name>`), so facts load only those. */
export function eventNamesIn(tree: Condition | undefined): string[] {
  const names = new Set<string>();
  const stack: Array<Condition | undefined> = [tree];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    if (isLeaf(node)) {
      const name = node.op === 'occurred_at_least' ? EVENT_FIELD.exec(node.field ?? '')?.[1] : undefined;
      if (name) names.add(name);
    } else if ('all' in node) stack.push(...node.all);
    else if ('any' in node) stack.push(...node.any);
    else stack.push(node.not);
  }
  return [...names];
}
