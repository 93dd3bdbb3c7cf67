// A workflow's attributed revenue: contacts it messaged from their first send, held-out runs from when they started.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { attributedRevenue, TOUCH_STATUSES, type RevenueReport } from './attributed-revenue.ts';

/** A contact with several runs is one contact: candidates run from the first touch to the last one's window end. */
export async function workflowRevenue(db: DbOrTx, workflowId: string, windowDays: number): Promise<RevenueReport> {
  const window = sql`make_interval(days => ${windowDays}::int)`;
  const heldOut = sql`select contact_id, started_at as at from workflow_runs where workflow_id = ${workflowId} and held_out`;
  const { report } = await attributedRevenue(db, {
    sourceId: workflowId,
    windowDays,
    groups: sql`
      select w.contact_id, false as held_out, min(l.at) as from_at, max(l.at) + ${window} as to_at, null::text as part
      from workflow_runs w join workflow_step_log l on l.run_id = w.id and l.outcome = 'sent'
      left join messages m on m.id = (l.detail->>'messageId')::uuid
      where w.workflow_id = ${workflowId} and not w.held_out and (m.id is null or m.status in ${TOUCH_STATUSES})
      group by w.contact_id
      union all
      select h.contact_id, true, min(h.at), max(h.at) + ${window}, null from (${heldOut}) h group by h.contact_id`,
    heldOutStarts: heldOut,
  });
  return report;
}
