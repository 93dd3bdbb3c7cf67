// Segment-entry trigger: the contact matches the segment now and did not in the previous snapshot.
import { evaluate } from '../conditions/evaluate.ts';
import type { Condition } from '../conditions/schema.ts';
import type { Facts } from '../facts.ts';

export function enteredSegment(segment: Condition, before: Facts | undefined, after: Facts): boolean {
  return evaluate(segment, after) && !(before && evaluate(segment, before));
}

export function segmentOccurrenceKey(workflowId: string, contactId: string, enteredAt: Date): string {
  return `segment:${workflowId}:${contactId}:${enteredAt.toISOString()}`;
}
