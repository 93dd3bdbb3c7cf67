// A leaf on a declared custom attribute compares by the declared type: both sides are coerced, nothing is guessed.
import type { Facts } from '../facts.ts';
import { coerceAttribute, type AttributeType } from '../attributes/attribute-types.ts';
import type { ConditionLeaf, Operator } from './schema.ts';

/** Operators whose value is not an attribute value (a number of days, a label, a channel). */
const VALUE_IS_NOT_ATTRIBUTE: ReadonlySet<Operator> = new Set(['within_last_days', 'more_than_days_ago', 'has_label', 'has_consent', 'on_channel', 'exists', 'not_exists', 'occurred_at_least']);
const LIST_VALUE: ReadonlySet<Operator> = new Set(['in', 'nin']);

/** The declared type of the attribute a field reads: `contact.attributes.<key>`, or `contact.<key>` when no fact has that name. */
export function declaredType(field: string | undefined, facts: Facts): { key: string; type: AttributeType } | undefined {
  const types = facts.contact.attributeTypes;
  if (!field || !types) return undefined;
  const parts = field.split('.');
  if (parts[0] !== 'contact') return undefined;
  if (parts[1] === 'attributes' && parts.length === 3) return types[parts[2]!] ? { key: parts[2]!, type: types[parts[2]!]! } : undefined;
  if (parts.length === 2 && (facts.contact as unknown as Record<string, unknown>)[parts[1]!] === undefined && types[parts[1]!]) return { key: parts[1]!, type: types[parts[1]!]! };
  return undefined;
}

/** A value in the declared type's comparable form (dates as Date); undefined when it does not read as that type. */
export function typedValue(type: AttributeType, value: unknown): unknown {
  if (value === undefined) return undefined;
  const coerced = coerceAttribute(type, value);
  if (!coerced.ok || coerced.value === null) return undefined;
  if (type === 'date') return new Date(coerced.value as string);
  return coerced.value;
}

/** The leaf's actual and expected values made comparable by the declared type. */
export function typedSides(leaf: ConditionLeaf, type: AttributeType, actual: unknown): { actual: unknown; expected: unknown } {
  const actualTyped = typedValue(type, actual);
  if (VALUE_IS_NOT_ATTRIBUTE.has(leaf.op)) return { actual: actualTyped, expected: leaf.value };
  if (type === 'list' && (leaf.op === 'contains' || leaf.op === 'not_contains')) return { actual: actualTyped, expected: leaf.value };
  if (LIST_VALUE.has(leaf.op) && Array.isArray(leaf.value)) return { actual: actualTyped, expected: leaf.value.map((v) => typedValue(type, v)) };
  return { actual: actualTyped, expected: typedValue(type, leaf.value) };
}
