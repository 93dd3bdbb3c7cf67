// Pause, resume and cancel: lifecycle checks from the pure core, applied to the row under a lock.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type CampaignCommand, transition } from '../../workflows/campaigns/lifecycle.ts';
import { rowsOf, type Database, type Tx } from '../db/client.ts';
import { campaignRecipients, campaigns, messages } from '../db/schema/index.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { cancelQueuedWhere } from '../outbound/claim-marketing-sends.ts';
import { leaseFree } from '../outbound/lease.ts';
import { CANCELLED } from './campaign-stats.ts';
import { AppError, notFound } from '../errors.ts';

export async function commandCampaign(deps: { database: Database; now(): Date }, id: string, command: Extract<CampaignCommand, 'pause' | 'resume' | 'cancel'>) {
  return transact(deps.database, async (tx) => {
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
        .where(and(eq(campaignRecipients.campaignId, id), inArray(campaignRecipients.status, ['queued', 'deferred', 'awaiting_winner'])));
      // Messages already queued for the lane are cancelled in the same commit, so the counts below are final; one a
      // lane holds right now (it may be on the wire) either goes out or is cancelled when the lane re-checks it.
      await cancelQueuedWhere(tx, now, and(sql`${messages.metadata}->>'campaignId' = ${id}`, leaseFree(messages.sendingUntil))!);
      // Only the cancel that moved it reports it (a second one is refused above), so integrations hear of it once.
      await recordEvent(tx, { type: 'campaign.cancelled', payload: { campaignId: id, name: row.name, recipients: await recipientCounts(tx, id) } });
    }
    return updated!;
  });
}

/**
 * The recipients by state at the moment of cancelling: `cancelled` were not reached yet, or their message was still
 * queued, and never will be (as `GET /api/campaigns/:id/stats` counts them). `sent` includes a message a lane held
 * on the wire at that moment.
 */
async function recipientCounts(tx: Tx, campaignId: string) {
  const [row] = rowsOf<Record<string, string | number>>(
    await tx.execute(sql`select count(*) as total,
        count(*) filter (where r.status = 'sent' and m.status is distinct from 'cancelled') as sent,
        count(*) filter (where r.status = 'failed') as failed,
        count(*) filter (where r.status = 'skipped' and r.reason is distinct from 'cancelled') as skipped,
        count(*) filter (where r.status = 'held_out') as held_out,
        count(*) filter (where ${CANCELLED}) as cancelled
      from campaign_recipients r left join messages m on m.id = r.message_id where r.campaign_id = ${campaignId}`),
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return { total: n('total'), sent: n('sent'), failed: n('failed'), skipped: n('skipped'), heldOut: n('held_out'), cancelled: n('cancelled') };
}
