// Campaign progress computed in SQL from recipients joined with their messages, replies and consents.
import { type SQL, sql } from 'drizzle-orm';
import { TOUCH_STATUSES } from '../attribution/attributed-revenue.ts';
import { rowsOf, type DbOrTx } from '../db/client.ts';

/** Provider answers that mean the address itself was refused (a synchronous bounce), not a passing failure. */
export const BOUNCE_CODES = ['INVALID_RECIPIENT', 'BLOCKED'] as const;

export interface CampaignStats {
  total: number;
  /** Not final yet: waiting for its due time or the throttle, or created and waiting in the marketing lane. */
  queued: number;
  /** Waiting out quiet hours in the contact's zone. */
  deferred: number;
  /**
   * Handed over to the channel, no delivery confirmation (yet). For email this is "accepted by the mail server":
   * SMTP has no delivery receipt, so an email stays `sent` unless it bounces.
   */
  sent: number;
  /** The channel confirmed delivery (or a read receipt). */
  delivered: number;
  failed: number;
  /** The provider refused the address (unknown user, blocked): the identity is marked undeliverable. */
  bounced: number;
  /** Not sent because the campaign was cancelled first (recipients not yet reached and messages still queued). */
  cancelled: number;
  /** Never messaged, by reason (`skippedByReason`): opted out, no reachable channel, frequency cap... */
  skipped: number;
  skippedByReason: Record<string, number>;
  /** In the campaign's holdout group: never sent by design (not skipped), the control group for `revenue.lift`. */
  heldOut: number;
  /** Outside an A/B test's test share: sent the winning variant once it is chosen. */
  awaitingWinner: number;
  /** Of those messaged: wrote back afterwards / opted out afterwards, on that channel or of all marketing. */
  replied: number;
  optedOut: number;
  /**
   * Tracked email (README "Tracking"), per recipient, people only: opened = a human open of the pixel or a human
   * click (a click means the mail was read even with images blocked); clicked = a human click on a tracked link.
   */
  opened: number;
  clicked: number;
  /** Recipients whose mail was fetched by a machine (Apple Mail Privacy Protection, a scanner), counted apart. */
  machineOpens: number;
}

/** Not sent because the campaign was cancelled first: not reached yet, or its message was still queued. */
export const CANCELLED = sql`((r.status = 'skipped' and r.reason = 'cancelled') or (r.status = 'sent' and m.status = 'cancelled'))`;
/** A recipient whose message went out (a touch); replies and clicks count among these. */
export const MESSAGED = sql`r.status = 'sent' and m.status in ${TOUCH_STATUSES}`;
export const REPLIED = sql`${MESSAGED} and li.at > r.sent_at`;

/**
 * `r` (the recipients chosen) with each one's latest inbound message and human/machine engagement. Replies: one grouped
 * pass over the recipients' conversations (indexed by contact; messages are not) rather than a lookup per recipient,
 * since a campaign can have tens of thousands of recipients. Joined by ENGAGEMENT_JOINS as `li`, `en` and `m`.
 */
export function withEngagement(recipients: SQL) {
  return sql`
      with r as (${recipients}),
      last_inbound as (
        select c.contact_id, max(i.sent_at) as at from conversations c join messages i on i.conversation_id = c.id
        where i.direction = 'in' and c.contact_id in (select contact_id from r where status = 'sent')
        group by c.contact_id),
      engaged as (
        select e.message_id,
          bool_or(not e.machine) as human,
          bool_or(e.kind = 'click' and not e.machine) as clicked,
          bool_or(e.kind = 'open' and e.machine) as machine_open
        from message_engagements e where e.message_id in (select message_id from r where message_id is not null)
        group by e.message_id)`;
}

export const ENGAGEMENT_JOINS = sql`
      from r
      left join engaged en on en.message_id = r.message_id
      left join messages m on m.id = r.message_id
      left join last_inbound li on li.contact_id = r.contact_id`;

/** queued + deferred + awaitingWinner + sent + delivered + failed + bounced + cancelled + skipped + heldOut = total; replied and optedOut overlay sent/delivered. */
export async function campaignStats(db: DbOrTx, campaignId: string): Promise<CampaignStats> {
  const bounce = sql.raw(`(${BOUNCE_CODES.map((c) => `'${c}'`).join(', ')})`);
  const [row] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      ${withEngagement(sql`select * from campaign_recipients where campaign_id = ${campaignId}`)}
      select
        count(*) as total,
        count(*) filter (where r.status = 'queued' or (r.status = 'sent' and m.status = 'queued')) as queued,
        count(*) filter (where r.status = 'deferred') as deferred,
        count(*) filter (where r.status = 'awaiting_winner') as awaiting_winner,
        count(*) filter (where r.status = 'sent' and m.status = 'sent') as sent,
        count(*) filter (where r.status = 'sent' and m.status in ('delivered', 'read')) as delivered,
        count(*) filter (where r.status = 'failed' or (r.status = 'sent' and (m.id is null or (m.status = 'failed' and coalesce(m.error_code, '') not in ${bounce})))) as failed,
        count(*) filter (where r.status = 'sent' and m.status = 'failed' and m.error_code in ${bounce}) as bounced,
        count(*) filter (where ${CANCELLED}) as cancelled,
        count(*) filter (where r.status = 'skipped' and r.reason is distinct from 'cancelled') as skipped,
        count(*) filter (where r.status = 'held_out') as held_out,
        count(*) filter (where ${REPLIED}) as replied,
        count(*) filter (where ${MESSAGED} and ((k.status = 'opted_out' and k.at > r.sent_at) or (ka.status = 'opted_out' and ka.at > r.sent_at))) as opted_out,
        count(*) filter (where en.human) as opened,
        count(*) filter (where en.clicked) as clicked,
        count(*) filter (where en.machine_open) as machine_opens
      ${ENGAGEMENT_JOINS}
      left join channels ch on ch.id = r.channel_id
      left join consents k on k.contact_id = r.contact_id and k.channel = ch.kind
      left join consents ka on ka.contact_id = r.contact_id and ka.channel = 'all'`),
  );
  const reasons = rowsOf<{ reason: string | null; n: string | number }>(
    await db.execute(sql`select reason, count(*) as n from campaign_recipients where campaign_id = ${campaignId} and status = 'skipped' and reason is distinct from 'cancelled' group by reason`),
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    total: n('total'),
    queued: n('queued'),
    deferred: n('deferred'),
    sent: n('sent'),
    delivered: n('delivered'),
    failed: n('failed'),
    bounced: n('bounced'),
    cancelled: n('cancelled'),
    skipped: n('skipped'),
    skippedByReason: Object.fromEntries(reasons.map((r) => [r.reason ?? 'unknown', Number(r.n)])),
    heldOut: n('held_out'),
    awaitingWinner: n('awaiting_winner'),
    replied: n('replied'),
    optedOut: n('opted_out'),
    opened: n('opened'),
    clicked: n('clicked'),
    machineOpens: n('machine_opens'),
  };
}
