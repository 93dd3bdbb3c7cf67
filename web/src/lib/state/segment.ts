// The campaign audience builder's rows as the workflow engine's condition tree (`{ all: [leaf…] }`).
import type { Condition, ConditionLeaf, Operator } from '../../../../workflows/conditions/schema.ts';

export type { Condition };
export interface SegmentRule { field: string; op: Operator; value: string }

/** Operators offered in the builder; the engine knows more, the JSON editor reaches those. */
export const ruleOperators: Operator[] = ['eq', 'neq', 'contains', 'has_label', 'has_consent', 'on_channel', 'within_last_days', 'more_than_days_ago', 'gt', 'lt'];
export const ruleFields = ['contact.language', 'contact.timeZone', 'contact.preferredChannel', 'contact.lastInboundAt', 'contact.firstSeenAt', 'contact.attributes.'];

const implicitField = new Set<Operator>(['has_label', 'has_consent', 'on_channel']);
const numeric = new Set<Operator>(['within_last_days', 'more_than_days_ago', 'gt', 'lt']);

export function needsField(op: Operator): boolean {
  return !implicitField.has(op);
}

/** Rows left half-filled are skipped, so the live count follows what the marketer has finished typing. */
export function toSegment(rules: SegmentRule[]): Condition {
  const leaves: ConditionLeaf[] = [];
  for (const rule of rules) {
    const text = rule.value.trim();
    if (!text || (needsField(rule.op) && (!rule.field || rule.field.endsWith('.')))) continue;
    const value = numeric.has(rule.op) && text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
    leaves.push(needsField(rule.op) ? { field: rule.field, op: rule.op, value } : { op: rule.op, value });
  }
  return { all: leaves };
}
