// Deterministic holdout: the same contact is always in or out of a workflow's control group.
import { createHash } from 'node:crypto';

/** sha256 gives a uniform number in [0, 1); the workflow id salts it so groups differ per workflow. */
export function holdoutBucket(workflowId: string, contactId: string): number {
  const digest = createHash('sha256').update(`${workflowId}\u0000${contactId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function holdout(workflowId: string, contactId: string, percent: number): boolean {
  if (percent <= 0) return false;
  return holdoutBucket(workflowId, contactId) < percent / 100;
}
