// A campaign's attributed revenue: its messaged recipients from their send, its held-out recipients from its start.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { attributedRevenue, TOUCH_STATUSES, type GroupRevenue, type RevenueReport } from './attributed-revenue.ts';

export interface CampaignRevenue {
  report: RevenueReport;
  /** Each A/B variant's test group as messaged (the figures compared between variants), by variant key. */
  byVariant: Record<string, GroupRevenue>;
}

/** One attribution pass for the campaign and its variants together: each variant's test group is a part of it. */
export async function campaignRevenue(db: DbOrTx, campaign: { id: string; conversionWindowDays: number }): Promise<CampaignRevenue> {
  const window = sql`make_interval(days => ${campaign.conversionWindowDays}::int)`;
  const heldOut = sql`select r.contact_id, c.started_at as at from campaign_recipients r join campaigns c on c.id = r.campaign_id
    where r.campaign_id = ${campaign.id} and r.status = 'held_out' and c.started_at is not null`;
  const { report, parts } = await attributedRevenue(db, {
    sourceId: campaign.id,
    windowDays: campaign.conversionWindowDays,
    groups: sql`
      select r.contact_id, false as held_out, r.sent_at as from_at, r.sent_at + ${window} as to_at,
        case when r.ab_phase = 'test' then r.variant end as part
      from campaign_recipients r join messages m on m.id = r.message_id
      where r.campaign_id = ${campaign.id} and r.status = 'sent' and m.status in ${TOUCH_STATUSES}
      union all
      select h.contact_id, true, h.at, h.at + ${window}, null from (${heldOut}) h`,
    heldOutStarts: heldOut,
  });
  return { report, byVariant: parts };
}
