// What else holds an erased contact's personal data besides their profile and messages: the snapshots their merges
// keep for an undo, the events a shop or site tracked for them, and the variables their workflow runs carry.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { contactMerges, customerEvents, domainEvents, workflowRuns } from '../db/schema/index.ts';

/** A merge snapshot after an erasure: nothing to restore, so the merge can no longer be undone. */
export const ERASED_MERGE = { erased: true } as const;

/**
 * Inside the erasure's transaction, before the webhook deliveries about the contact are rebuilt from the events.
 * `contactIds` is the erased contact and every contact merged into it (absorbedContactIds): what was recorded
 * under a merged-away id is the erased person's too.
 */
export async function eraseTraces(tx: Tx, contactIds: readonly string[]): Promise<void> {
  const ids = [...contactIds];
  // Both contacts as they were before a merge: undoing it would bring the erased name, identities and consents back.
  await tx
    .update(contactMerges)
    .set({ snapshot: ERASED_MERGE })
    .where(or(inArray(contactMerges.intoId, ids), inArray(contactMerges.fromId, ids)));
  // Tracked events carry whatever properties the site sent (an address, a basket); their domain events the same.
  await tx.delete(customerEvents).where(inArray(customerEvents.contactId, ids));
  await tx
    .update(domainEvents)
    .set({ payload: sql`${domainEvents.payload} - 'properties'` })
    .where(and(eq(domainEvents.type, 'event.tracked'), inArray(domainEvents.contactId, ids)));
  // A run's variables hold what started it (a tracked event's properties, an order's number and total).
  await tx
    .update(workflowRuns)
    .set({ context: sql`${workflowRuns.context} - 'vars'` })
    .where(inArray(workflowRuns.contactId, ids));
}
