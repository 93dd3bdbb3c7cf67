// Pure evaluation of a condition tree over a facts snapshot, plus the "skipped because" explanation.
import type { Facts } from '../facts.ts';
import { leafActual, operators } from './operators.ts';
import { type Condition, type ConditionLeaf, isLeaf } from './schema.ts';
import { declaredType, typedSides } from './typed-leaf.ts';

export function evaluate(tree: Condition | undefined, facts: Facts): boolean {
  if (!tree) return true;
  if (isLeaf(tree)) return evaluateLeaf(tree, facts);
  if ('all' in tree) return tree.all.every((child) => evaluate(child, facts));
  if ('any' in tree) return tree.any.some((child) => evaluate(child, facts));
  return !evaluate(tree.not, facts);
}

function evaluateLeaf(leaf: ConditionLeaf, facts: Facts): boolean {
  const actual = leafActual(leaf, facts);
  const declared = declaredType(leaf.field, facts);
  if (!declared) return operators[leaf.op](actual, leaf.value, facts);
  const sides = typedSides(leaf, declared.type, actual);
  // A value that does not read as its declared type (say, a number that is missing) matches nothing a comparison asks.
  return operators[leaf.op](sides.actual, sides.expected, facts, declared.type);
}

export interface FailedCondition {
  /** Position in the tree, e.g. `all[1].any[0]`. */
  path: string;
  condition: Condition;
  /** What the fact was, for a leaf. */
  actual?: unknown;
  message: string;
}

/** Lists the leaves that made the tree false; empty when the tree holds. */
export function explain(tree: Condition | undefined, facts: Facts, path = ''): FailedCondition[] {
  if (!tree || evaluate(tree, facts)) return [];
  if (isLeaf(tree)) {
    const actual = leafActual(tree, facts);
    const field = tree.field ?? tree.op;
    const expected = tree.value === undefined ? '' : ` ${JSON.stringify(tree.value)}`;
    return [{ path: path || '$', condition: tree, actual, message: `${field} ${tree.op}${expected} was false (actual: ${describe(actual)})` }];
  }
  if ('all' in tree) return tree.all.flatMap((child, i) => explain(child, facts, `${prefix(path)}all[${i}]`));
  if ('any' in tree) return tree.any.flatMap((child, i) => explain(child, facts, `${prefix(path)}any[${i}]`));
  // A failed `not` means its inner tree held, so there is no failing leaf below it to show.
  return [{ path: `${prefix(path)}not`, condition: tree, message: `not(...) was false because its condition held` }];
}

function prefix(path: string): string {
  return path ? `${path}.` : '';
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
