// Segment-entry trigger: the contact matches the segment now and did not at the previous scan.
import { evaluate } from '../conditions/evaluate.ts';
import type { Condition } from '../conditions/schema.ts';
import type { Facts } from '../facts.ts';

/** Who entered and who left, from the members at the last scan and those matching now: the one rule the scanner runs. */
export function segmentChanges(matchingNow: Iterable<string>, membersBefore: Iterable<string>): { entered: string[]; left: string[] } {
  const now = new Set(matchingNow);
  const before = new Set(membersBefore);
  return { entered: [...now].filter((id) => !before.has(id)), left: [...before].filter((id) => !now.has(id)) };
}

/** The same rule for one contact's two fact snapshots. */
export function enteredSegment(segment: Condition, before: Facts | undefined, after: Facts): boolean {
  const id = 'contact';
  return segmentChanges(evaluate(segment, after) ? [id] : [], before && evaluate(segment, before) ? [id] : []).entered.length === 1;
}

export function segmentOccurrenceKey(workflowId: string, contactId: string, enteredAt: Date): string {
  return `segment:${workflowId}:${contactId}:${enteredAt.toISOString()}`;
}
