// Turns a failing subscription off and tells the admins: a domain event (shown live) and an audit row.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { webhookSubscriptions } from '../db/schema/index.ts';
import { audit } from '../events/audit.ts';
import { recordEvent } from '../events/record-event.ts';

/** Returns false when it was already disabled (by another process, or an admin), so the notice is sent once. */
export async function disableSubscription(tx: Tx, id: string, reason: string, now: Date): Promise<boolean> {
  const [row] = await tx
    .update(webhookSubscriptions)
    .set({ active: false, disabledReason: reason, disabledAt: now, updatedAt: now })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.active, true)))
    .returning({ id: webhookSubscriptions.id, url: webhookSubscriptions.url });
  if (!row) return false;
  await recordEvent(tx, { type: 'webhook.disabled', payload: { subscriptionId: id, url: row.url, reason } });
  await audit(tx, null, 'webhook.disabled', 'webhook_subscription', id, { reason, url: row.url });
  return true;
}
