// The JSON condition tree shared by workflow conditions, branches, segments and campaigns.
import { z } from 'zod';

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
  });

/** Deeper trees are refused: nobody writes one, and evaluating or storing a hostile 5,000-level tree would exhaust the stack. */
export const MAX_CONDITION_DEPTH = 32;

const conditionTree: z.ZodType<Condition, Condition> = z.lazy(() =>
  z.union([z.object({ all: z.array(conditionTree) }).strict(), z.object({ any: z.array(conditionTree) }).strict(), z.object({ not: conditionTree }).strict(), leafSchema]),
);

/** The condition tree, its depth checked (without recursion) before the recursive schema walks it. */
export const conditionSchema = z.preprocess((value: Condition, ctx) => {
  if (conditionDepthExceeds(value, MAX_CONDITION_DEPTH)) ctx.addIssue({ code: 'custom', message: `conditions nest more than ${MAX_CONDITION_DEPTH} levels deep` });
  return value;
}, conditionTree);

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
