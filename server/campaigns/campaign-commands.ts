// Pause, resume and cancel: lifecycle checks from the pure core, applied to the row under a lock.
import { and, eq, inArray } from 'drizzle-orm';
import { type CampaignCommand, transition } from '../../workflows/campaigns/lifecycle.ts';
import type { Database } from '../db/client.ts';
import { campaignRecipients, campaigns } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';

export async function commandCampaign(deps: { database: Database; now(): Date }, id: string, command: Extract<CampaignCommand, 'pause' | 'resume' | 'cancel'>) {
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    if (!row) throw notFound('campaign');
    const next = transition(row.status, command);
    if (!next.ok) throw new AppError(409, 'invalid_transition', next.error);
    const now = deps.now();
    // On resume the throttle budget restarts from now: the paused time is not owed as a burst.
    const [updated] = await tx
      .update(campaigns)
      .set({ status: next.status, updatedAt: now, ...(command === 'resume' && { lastTickAt: now }) })
      .where(eq(campaigns.id, id))
      .returning();
    if (command === 'cancel') {
      await tx
        .update(campaignRecipients)
        .set({ status: 'skipped', reason: 'cancelled', updatedAt: now })
        .where(and(eq(campaignRecipients.campaignId, id), inArray(campaignRecipients.status, ['queued', 'deferred'])));
    }
    return updated!;
  });
}
