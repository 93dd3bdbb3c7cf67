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
    // Replies: one grouped pass over the recipients' conversations (indexed by contact; messages are not)
    // rather than a lookup per recipient, since a campaign can have tens of thousands of recipients.
    await db.execute(sql`
      with r as (select * from campaign_recipients where campaign_id = ${campaignId}),
      last_inbound as (
        select c.contact_id, max(i.sent_at) as at from conversations c join messages i on i.conversation_id = c.id
        where i.direction = 'in' and c.contact_id in (select contact_id from r where status = 'sent')
        group by c.contact_id)
      select
        count(*) as total,
        count(*) filter (where r.status = 'queued') as queued,
        count(*) filter (where r.status = 'deferred') as deferred,
        count(*) filter (where r.status = 'sent' and m.status in ('queued', 'sent')) as sent,
        count(*) filter (where r.status = 'sent' and m.status in ('delivered', 'read')) as delivered,
        count(*) filter (where r.status = 'failed' or (r.status = 'sent' and (m.status = 'failed' or m.id is null))) as failed,
        count(*) filter (where r.status = 'skipped') as skipped,
        count(*) filter (where r.status = 'sent' and li.at > r.sent_at) as replied,
        count(*) filter (where r.status = 'sent' and k.status = 'opted_out' and k.at > r.sent_at) as opted_out
      from r
      left join messages m on m.id = r.message_id
      left join last_inbound li on li.contact_id = r.contact_id
      left join channels ch on ch.id = r.channel_id
      left join consents k on k.contact_id = r.contact_id and k.channel = ch.kind`),
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
