// Choosing an A/B campaign's winner: by the tick once the test has run its hours, or by the marketer early. The
// remainder waiting for it is queued with the winning variant.
import { and, eq, inArray, isNull, min, sql } from 'drizzle-orm';
import { DEFAULT_DECIDE_AFTER_HOURS, rankVariants, type VariantKey, type WinnerDecidedBy } from '../../workflows/campaigns/ab-test.ts';
import { campaignRevenue } from '../attribution/campaign-revenue.ts';
import { type Database, tsParam } from '../db/client.ts';
import { campaignRecipients, campaigns } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { CampaignRow } from './campaign-definition.ts';
import { metricHits, variantStats } from './variant-stats.ts';

const HOUR = 3_600_000;

/**
 * When the test has run `decideAfterHours` since its first send, the best variant by the metric wins (ties: the earlier
 * key). A test share that messaged nobody and has nobody left to message (a tiny audience drew no one into it, or all of
 * it was skipped) would never reach its hours: its remainder is released at once with the earlier key, marked `untested`.
 */
export async function decideWinnerIfDue(deps: { database: Database; now(): Date }, row: CampaignRow): Promise<CampaignRow> {
  // A test of the whole audience may have completed sending before its hours are up: its winner is still reported. A
  // scheduled campaign can hold a remainder that waits on an empty test share.
  if (!row.abTest || !row.variants || row.winner || !['scheduled', 'running', 'completed'].includes(row.status)) return row;
  const [test] = await deps.database.db
    .select({ firstSent: min(campaignRecipients.sentAt), open: sql<number>`(count(*) filter (where ${inArray(campaignRecipients.status, ['queued', 'deferred'])}))::int` })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, row.id), eq(campaignRecipients.abPhase, 'test')));
  const untested = row.abTest.testPercent !== undefined && !test?.firstSent && !Number(test?.open);
  const hours = row.abTest.decideAfterHours ?? DEFAULT_DECIDE_AFTER_HOURS;
  if (!untested && (!test?.firstSent || deps.now().getTime() < test.firstSent.getTime() + hours * HOUR)) return row;
  const stats = await variantStats(deps.database.db, row, (await campaignRevenue(deps.database.db, row)).byVariant);
  const [best] = rankVariants(stats.map((v) => ({ ...v, hits: metricHits(row.abTest!.metric, v) })));
  return (await setWinner(deps, row.id, best!.key, untested ? 'untested' : 'auto')) ?? row;
}

/** The marketer picks the winner by hand, before the tick would; refused once a winner is chosen. */
export async function pickWinner(deps: { database: Database; now(): Date }, id: string, key: VariantKey) {
  const [row] = await deps.database.db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw notFound('campaign');
  if (!row.variants) throw new AppError(422, 'not_ab_test', 'This campaign has no variants to choose from');
  if (!row.variants.some((v) => v.key === key)) throw new AppError(422, 'unknown_variant', `The campaign has no variant ${key}`);
  if (!['running', 'paused', 'completed'].includes(row.status)) throw new AppError(409, 'not_started', `A winner is chosen once the test has been sent (the campaign is ${row.status})`);
  const updated = await setWinner(deps, id, key, 'manual');
  if (!updated) throw new AppError(409, 'winner_chosen', `Variant ${row.winner} was already chosen as the winner`);
  return updated;
}

/** Sets the winner once (a second decision finds it set and changes nothing) and releases the remainder with it. */
async function setWinner(deps: { database: Database; now(): Date }, id: string, key: VariantKey, by: WinnerDecidedBy): Promise<CampaignRow | null> {
  const now = deps.now();
  return deps.database.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(campaigns)
      .set({ winner: key, winnerDecidedAt: now, winnerDecidedBy: by, updatedAt: now })
      .where(and(eq(campaigns.id, id), isNull(campaigns.winner)))
      .returning();
    if (!updated) return null;
    // The remainder's planned time may have passed during the test: due now, so the tick sends it next.
    await tx
      .update(campaignRecipients)
      .set({ status: 'queued', variant: key, dueAt: sql`greatest(${campaignRecipients.dueAt}, ${tsParam(now)})`, updatedAt: now })
      .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.status, 'awaiting_winner')));
    return updated;
  });
}
