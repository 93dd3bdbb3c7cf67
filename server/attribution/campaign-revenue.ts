// A campaign's attributed revenue: its messaged recipients from their send, its held-out recipients from its start.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { attributedRevenue, TOUCH_STATUSES, type RevenueReport } from './attributed-revenue.ts';

/** `variant`: only that A/B variant's test group is measured as messaged (the figures compared between variants). */
export async function campaignRevenue(db: DbOrTx, campaign: { id: string; conversionWindowDays: number }, options: { variant?: string } = {}): Promise<RevenueReport> {
  const ofVariant = options.variant ? sql`and r.variant = ${options.variant} and r.ab_phase = 'test'` : sql``;
  const window = sql`make_interval(days => ${campaign.conversionWindowDays}::int)`;
  const heldOut = sql`select r.contact_id, c.started_at as at from campaign_recipients r join campaigns c on c.id = r.campaign_id
    where r.campaign_id = ${campaign.id} and r.status = 'held_out' and c.started_at is not null`;
  return attributedRevenue(db, {
    sourceId: campaign.id,
    windowDays: campaign.conversionWindowDays,
    groups: sql`
      select r.contact_id, false as held_out, r.sent_at as from_at, r.sent_at + ${window} as to_at
      from campaign_recipients r join messages m on m.id = r.message_id
      where r.campaign_id = ${campaign.id} and r.status = 'sent' and m.status in ${TOUCH_STATUSES} ${ofVariant}
      union all
      select h.contact_id, true, h.at, h.at + ${window} from (${heldOut}) h`,
    heldOutStarts: heldOut,
  });
}
