// Pause, resume and cancel: lifecycle checks from the pure core, applied to the row under a lock.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type CampaignCommand, transition } from '../../workflows/campaigns/lifecycle.ts';
import { rowsOf, type Database, type Tx } from '../db/client.ts';
import { campaignRecipients, campaigns, messages } from '../db/schema/index.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { cancelMessages } from '../outbound/claim-marketing-sends.ts';
import { AppError, notFound } from '../errors.ts';

export async function commandCampaign(deps: { database: Database; now(): Date }, id: string, command: Extract<CampaignCommand, 'pause' | 'resume' | 'cancel'>) {
  const result = await transact(deps.database, async (tx) => {
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
      // Only the cancel that moved it reports it (a second one is refused above), so integrations hear of it once.
      await recordEvent(tx, { type: 'campaign.cancelled', payload: { campaignId: id, name: row.name, recipients: await recipientCounts(tx, id) } });
    }
    return updated!;
  });
  // Messages already queued for the lane are cancelled too; one the lane holds right now either goes out or is
  // cancelled when the lane re-checks it, so nothing is counted twice.
  if (command === 'cancel') await cancelQueuedMessages(deps, id);
  return result;
}

async function cancelQueuedMessages(deps: { database: Database; now(): Date }, campaignId: string) {
  const queued = await deps.database.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.status, 'queued'), sql`${messages.metadata}->>'campaignId' = ${campaignId}`));
  await cancelMessages(
    deps,
    queued.map((m) => m.id),
    { unclaimedOnly: true },
  );
}

/**
 * The recipients by state at the moment of cancelling, from one pass over the campaign's rows (its status index):
 * `cancelled` were not reached yet and never will be. A message already queued then is stopped right after, so the
 * final figures (`GET /api/campaigns/:id/stats`) count it as cancelled rather than sent.
 */
async function recipientCounts(tx: Tx, campaignId: string) {
  const [row] = rowsOf<Record<string, string | number>>(
    await tx.execute(sql`select count(*) as total,
        count(*) filter (where status = 'sent') as sent,
        count(*) filter (where status = 'failed') as failed,
        count(*) filter (where status = 'skipped' and reason is distinct from 'cancelled') as skipped,
        count(*) filter (where status = 'held_out') as held_out,
        count(*) filter (where status = 'skipped' and reason = 'cancelled') as cancelled
      from campaign_recipients where campaign_id = ${campaignId}`),
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return { total: n('total'), sent: n('sent'), failed: n('failed'), skipped: n('skipped'), heldOut: n('held_out'), cancelled: n('cancelled') };
}
