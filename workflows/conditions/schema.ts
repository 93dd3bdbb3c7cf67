// The JSON condition tree shared by workflow conditions, branches, segments and campaigns.
import { z } from 'zod';

export const OPERATORS = [
  'eq', 'neq', 'in', 'nin', 'contains', 'not_contains', 'starts_with', 'exists', 'not_exists',
  'gt', 'gte', 'lt', 'lte', 'before', 'after', 'within_last_days', 'more_than_days_ago',
  'has_label', 'has_consent', 'on_channel',
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
    field: z.string().regex(/^[A-Za-z_][\w]*(\.[\w-]+)*$/, 'field must be a dot path like contact.language').optional(),
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

export const conditionSchema: z.ZodType<Condition, Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema) }).strict(),
    z.object({ any: z.array(conditionSchema) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    leafSchema,
  ]),
);

export function isLeaf(node: Condition): node is ConditionLeaf {
  return 'op' in node;
}
