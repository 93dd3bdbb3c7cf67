// Revenue attribution, last touch, computed at read time: a paid order placed within a message's conversion window
// goes to the latest campaign or workflow message before it whose window covers it. Held-out contacts are measured
// the same way from the moment they were held out, so the two groups can be compared for lift.
import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_CONVERSION_WINDOW_DAYS, revenueLift, type GroupFigures, type RevenueLift } from '../../workflows/attribution/lift.ts';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { countedAmount } from '../value/counted-amount.ts';

/** A message counts as a touch once it went out; queued, failed and cancelled ones never reached the contact. */
export const TOUCH_STATUSES = sql.raw(`('sent', 'delivered', 'read')`);

export interface MeasuredSource {
  /** The campaign or workflow measured: orders whose last touch is one of its messages are its revenue. */
  sourceId: string;
  windowDays: number;
  /**
   * Rows `(contact_id, held_out, from_at, to_at, part)`, one per contact and group: orders placed in (from_at, to_at]
   * are candidates. `part` (text, or null) labels a messaged contact's share of the figures reported apart as well,
   * such as an A/B variant's test group, so the parts are measured in the same pass as the whole.
   */
  groups: SQL;
  /** Rows `(contact_id, at)`: when each held-out contact was held out, a touch that is never sent but competes as one. */
  heldOutStarts: SQL;
}

export interface GroupRevenue {
  contacts: number;
  converted: number;
  /** converted / contacts; null for an empty group. */
  conversionRate: number | null;
  /** In the workspace currency, as a decimal string with two places (as order totals and value figures are). */
  revenue: string;
  revenuePerRecipient: string;
}

export interface AttributedRevenue {
  report: RevenueReport;
  /** The messaged figures of each labelled part of the groups. */
  parts: Record<string, GroupRevenue>;
}

export interface RevenueReport {
  currency: string;
  windowDays: number;
  messaged: GroupRevenue;
  heldOut: GroupRevenue;
  lift: RevenueLift | null;
}

type Row = { held_out: boolean; part: string | null; contacts: string | number; converted: string | number; revenue: string | null; per_recipient: string | null; variance: string | null };

export async function attributedRevenue(db: DbOrTx, source: MeasuredSource): Promise<AttributedRevenue> {
  const id = sql`${source.sourceId}::uuid`;
  const rows = rowsOf<Row>(
    await db.execute(sql`
    with grp as (${source.groups}),
    candidates as (
      select o.id, g.contact_id, g.held_out, o.placed_at, ${countedAmount('o', 'cr')} as amount
      from grp g join orders o on o.contact_id = g.contact_id and o.placed_at > g.from_at and o.placed_at <= g.to_at
      left join currency_rates cr on cr.currency = o.currency
      where o.status = 'paid'
    ),
    buyers as (select distinct contact_id from candidates),
    -- Every touch the buyers had (only they have an order to attribute: reading all 50,000 recipients' touches is what
    -- made a large campaign's stats slow), from any campaign or workflow, each with its own window: the latest one
    -- covering an order wins it. A held-out start competes as a touch of the measured source (virtual).
    touches as (
      select r.campaign_id as source_id, r.contact_id, r.sent_at as at, c.conversion_window_days as days, false as virtual,
        m.created_at as created, m.id::text as tiebreak
      from campaign_recipients r join campaigns c on c.id = r.campaign_id join messages m on m.id = r.message_id
      where r.status = 'sent' and m.status in ${TOUCH_STATUSES} and r.contact_id in (select contact_id from buyers)
      union all
      select w.workflow_id, w.contact_id, l.at, coalesce((v.definition->'settings'->>'conversionWindowDays')::int, ${DEFAULT_CONVERSION_WINDOW_DAYS}), false,
        coalesce(m.created_at, l.at), coalesce(m.id::text, l.id::text)
      from workflow_step_log l join workflow_runs w on w.id = l.run_id join workflow_versions v on v.id = w.version_id
      left join messages m on m.id = (l.detail->>'messageId')::uuid
      where l.outcome = 'sent' and (m.id is null or m.status in ${TOUCH_STATUSES}) and w.contact_id in (select contact_id from buyers)
      union all
      select ${id}, h.contact_id, h.at, ${source.windowDays}::int, true, h.at, null from (${source.heldOutStarts}) h where h.contact_id in (select contact_id from buyers)
    ),
    -- One joined pass (not a lookup per order): each candidate order's last touch, latest first. Touches at the same
    -- instant: a real message before a virtual one, then the message created later (the later decision to write),
    -- then the greater message id, so every read picks the same one. The order is attributed when that touch is the
    -- measured source's.
    last_touch as (
      select distinct on (c.id, c.held_out) c.contact_id, c.held_out, c.amount, t.source_id, t.virtual
      from candidates c join touches t on t.contact_id = c.contact_id and t.at < c.placed_at and c.placed_at <= t.at + make_interval(days => t.days)
      order by c.id, c.held_out, t.at desc, t.virtual, t.created desc, t.tiebreak desc nulls last
    ),
    attributed as (select contact_id, held_out, amount from last_touch where source_id = ${id} and virtual = held_out),
    per_contact as (
      select g.contact_id, g.held_out, g.part, count(a.contact_id) as orders, coalesce(sum(a.amount), 0) as revenue
      from grp g left join attributed a on a.contact_id = g.contact_id and a.held_out = g.held_out
      group by g.contact_id, g.held_out, g.part
    )
    -- Each group whole (part null), and each labelled part of the messaged group.
    select held_out, part, count(*) as contacts, count(*) filter (where orders > 0) as converted,
      round(sum(revenue), 2)::text as revenue, round(sum(revenue) / count(*), 2)::text as per_recipient,
      coalesce(var_samp(revenue), 0)::text as variance
    from per_contact group by grouping sets ((held_out), (held_out, part))
    having grouping(part) = 1 or (part is not null and not held_out)`),
  );
  const [ws] = rowsOf<{ currency: string }>(await db.execute(sql`select currency from workspaces where id = 1`));
  const messaged = groupFigures(rows.find((r) => !r.held_out && r.part === null));
  const heldOut = groupFigures(rows.find((r) => r.held_out && r.part === null));
  const parts = Object.fromEntries(rows.flatMap((r) => (r.part === null ? [] : [[r.part, report(groupFigures(r))]])));
  return {
    report: { currency: ws?.currency ?? 'TRY', windowDays: source.windowDays, messaged: report(messaged), heldOut: report(heldOut), lift: revenueLift(messaged, heldOut) },
    parts,
  };
}

function groupFigures(row: Row | undefined): GroupFigures & { row?: Row } {
  return { contacts: Number(row?.contacts ?? 0), converted: Number(row?.converted ?? 0), revenue: Number(row?.revenue ?? 0), revenueVariance: Number(row?.variance ?? 0), row };
}

function report(g: GroupFigures & { row?: Row }): GroupRevenue {
  return {
    contacts: g.contacts,
    converted: g.converted,
    conversionRate: g.contacts ? g.converted / g.contacts : null,
    revenue: g.row?.revenue ?? '0.00',
    revenuePerRecipient: g.row?.per_recipient ?? '0.00',
  };
}
