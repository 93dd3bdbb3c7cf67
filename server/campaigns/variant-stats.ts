// An A/B campaign's figures per variant (its test group) and the winner with its lift over the runner-up.
import { sql } from 'drizzle-orm';
import { type AbLift, type AbMetric, type VariantKey, variantLift, variantRate } from '../../workflows/campaigns/ab-test.ts';
import type { GroupRevenue } from '../attribution/attributed-revenue.ts';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import type { CampaignRow } from './campaign-definition.ts';
import { ENGAGEMENT_JOINS, MESSAGED, REPLIED, withEngagement } from './campaign-stats.ts';

export interface VariantStats {
  key: VariantKey;
  templateId: string;
  /** Drawn into this variant's test group (the remainder sent the winner afterwards is not counted here). */
  recipients: number;
  /** Of those, messaged (the message went out): the denominator of every rate. */
  sent: number;
  replied: number;
  clicked: number;
  /** Bought within the conversion window, attributed to this campaign by last touch. */
  converted: number;
  revenue: string;
  /** The test's metric over `sent`. */
  rate: number;
}

export interface AbTestReport {
  metric: AbMetric;
  testPercent: number | null;
  winner: VariantKey | null;
  decidedAt: Date | null;
  decidedBy: CampaignRow['winnerDecidedBy'];
  /** The winner, or before the decision the best rate (ties to the earlier key), and the best of the others. */
  leader: VariantKey | null;
  runnerUp: VariantKey | null;
  /** The winner (or, before the decision, the leader) minus the best other variant, in the metric's rate. */
  lift: AbLift | null;
  /** The 95% interval of the lift leaves zero out. */
  significant: boolean;
}

const HITS: Record<AbMetric, (v: Omit<VariantStats, 'rate'>) => number> = { reply: (v) => v.replied, click: (v) => v.clicked, conversion: (v) => v.converted };

/**
 * Per-variant figures over the test groups only: randomly split, so they are the fair comparison. `revenueByVariant`
 * is the campaign's attribution pass (`campaignRevenue(…).byVariant`), measured once with the campaign's own figures.
 */
export async function variantStats(db: DbOrTx, row: CampaignRow, revenueByVariant: Record<string, GroupRevenue>): Promise<VariantStats[]> {
  if (!row.variants || !row.abTest) return [];
  const counts = rowsOf<{ variant: string; recipients: string; sent: string; replied: string; clicked: string }>(
    await db.execute(sql`
      ${withEngagement(sql`select * from campaign_recipients where campaign_id = ${row.id} and ab_phase = 'test'`)}
      select r.variant, count(*) as recipients, count(*) filter (where ${MESSAGED}) as sent,
        count(*) filter (where ${REPLIED}) as replied, count(*) filter (where ${MESSAGED} and en.clicked) as clicked
      ${ENGAGEMENT_JOINS}
      group by r.variant`),
  );
  const metric = row.abTest.metric;
  const stats: VariantStats[] = [];
  for (const v of row.variants) {
    const c = counts.find((x) => x.variant === v.key);
    const revenue = revenueByVariant[v.key];
    const figures = {
      key: v.key,
      templateId: v.templateId,
      recipients: Number(c?.recipients ?? 0),
      sent: Number(c?.sent ?? 0),
      replied: Number(c?.replied ?? 0),
      clicked: Number(c?.clicked ?? 0),
      converted: revenue?.converted ?? 0,
      revenue: revenue?.revenue ?? '0.00',
    };
    stats.push({ ...figures, rate: variantRate({ key: v.key, sent: figures.sent, hits: HITS[metric](figures) }) });
  }
  return stats;
}

export function abTestReport(row: CampaignRow, variants: VariantStats[]): AbTestReport | null {
  if (!row.abTest) return null;
  const metric = row.abTest.metric;
  const { leader, runnerUp, lift, significant } = variantLift(
    variants.map((v) => ({ key: v.key, sent: v.sent, hits: HITS[metric](v) })),
    row.winner,
  );
  return {
    metric,
    testPercent: row.abTest.testPercent ?? null,
    winner: row.winner,
    decidedAt: row.winnerDecidedAt,
    decidedBy: row.winnerDecidedBy,
    leader,
    runnerUp,
    lift,
    significant,
  };
}

/** The metric's hits for a variant's figures (what the winner is chosen by). */
export const metricHits = (metric: AbMetric, v: VariantStats) => HITS[metric](v);
