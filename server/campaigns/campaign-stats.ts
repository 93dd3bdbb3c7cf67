// Campaign progress computed in SQL from recipients joined with their messages, replies and consents.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';

export interface CampaignStats {
  total: number;
  /** Not yet handled (waiting for its due time or the throttle). */
  queued: number;
  /** Waiting out quiet hours in the contact's zone. */
  deferred: number;
  /** Message created and handed to the channel (queued in the outbox or sent), not yet confirmed delivered. */
  sent: number;
  /** The channel confirmed delivery (or a read receipt). */
  delivered: number;
  failed: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  /** Of those messaged: wrote back afterwards / opted out on that channel afterwards. */
  replied: number;
  optedOut: number;
}

/** queued + deferred + sent + delivered + failed + skipped = total; replied and optedOut overlay sent/delivered. */
export async function campaignStats(db: DbOrTx, campaignId: string): Promise<CampaignStats> {
  const [row] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select
        count(*) as total,
        count(*) filter (where r.status = 'queued') as queued,
        count(*) filter (where r.status = 'deferred') as deferred,
        count(*) filter (where r.status = 'sent' and m.status in ('queued', 'sent')) as sent,
        count(*) filter (where r.status = 'sent' and m.status in ('delivered', 'read')) as delivered,
        count(*) filter (where r.status = 'failed' or (r.status = 'sent' and (m.status = 'failed' or m.id is null))) as failed,
        count(*) filter (where r.status = 'skipped') as skipped,
        count(*) filter (where r.status = 'sent' and exists (
          select 1 from messages i where i.contact_id = r.contact_id and i.direction = 'in' and i.sent_at > r.sent_at)) as replied,
        count(*) filter (where r.status = 'sent' and exists (
          select 1 from consents k join channels ch on ch.kind = k.channel
          where k.contact_id = r.contact_id and ch.id = r.channel_id and k.status = 'opted_out' and k.at > r.sent_at)) as opted_out
      from campaign_recipients r
      left join messages m on m.id = r.message_id
      where r.campaign_id = ${campaignId}`),
  );
  const reasons = rowsOf<{ reason: string | null; n: string | number }>(
    await db.execute(sql`select reason, count(*) as n from campaign_recipients where campaign_id = ${campaignId} and status = 'skipped' group by reason`),
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    total: n('total'),
    queued: n('queued'),
    deferred: n('deferred'),
    sent: n('sent'),
    delivered: n('delivered'),
    failed: n('failed'),
    skipped: n('skipped'),
    skippedByReason: Object.fromEntries(reasons.map((r) => [r.reason ?? 'unknown', Number(r.n)])),
    replied: n('replied'),
    optedOut: n('opted_out'),
  };
}
