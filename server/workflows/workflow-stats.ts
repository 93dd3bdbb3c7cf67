// Workflow figures: sent, delivered, replied, skipped by reason, run outcomes, attributed revenue, reactivation lift and survey scores.
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { satisfactionResponses, workflowRuns } from '../db/schema/index.ts';
import { csatScore, DEFAULT_CONVERSION_WINDOW_DAYS, netPromoterScore, reactivationLift } from '../../workflows/index.ts';
import { workflowRevenue } from '../attribution/index.ts';
import { loadWorkflow } from './workflow-store.ts';

const DEFAULT_REPLY_WINDOW_DAYS = 14;

export async function workflowStats(db: Db, id: string) {
  const wf = await loadWorkflow(db, id);
  const definition = wf.definition;
  const windowDays = definition.settings.conversionWindowDays ?? DEFAULT_REPLY_WINDOW_DAYS;
  const window = sql`make_interval(days => ${windowDays})`;
  const [sends] = rowsOf<{ sent: string; delivered: string; replied: string }>(
    await db.execute(sql`
    select count(*) as sent,
      count(*) filter (where m.status in ('delivered', 'read')) as delivered,
      count(*) filter (where exists (select 1 from messages i where i.contact_id = r.contact_id and i.direction = 'in' and not i.auto_reply
        and i.sent_at > l.at and i.sent_at <= l.at + ${window})) as replied
    from workflow_step_log l join workflow_runs r on r.id = l.run_id
    left join messages m on m.id = (l.detail->>'messageId')::uuid
    where r.workflow_id = ${id} and l.outcome = 'sent'`),
  );
  const skipped = rowsOf<{ reason: string; n: string }>(
    await db.execute(sql`
    select l.reason, count(*) as n from workflow_step_log l join workflow_runs r on r.id = l.run_id
    where r.workflow_id = ${id} and l.outcome in ('skipped', 'deferred', 'failed') group by l.reason`),
  );
  const runs = await db
    .select({ status: workflowRuns.status, n: sql<number>`count(*)::int` })
    .from(workflowRuns)
    .where(eq(workflowRuns.workflowId, id))
    .groupBy(workflowRuns.status);
  const ratings = await db
    .select({ kind: satisfactionResponses.kind, score: satisfactionResponses.score })
    .from(satisfactionResponses)
    .innerJoin(workflowRuns, eq(workflowRuns.id, satisfactionResponses.runId))
    .where(eq(workflowRuns.workflowId, id));
  return {
    workflowId: id,
    sent: Number(sends?.sent ?? 0),
    delivered: Number(sends?.delivered ?? 0),
    replied: Number(sends?.replied ?? 0),
    skipped: Object.fromEntries(skipped.map((s) => [s.reason ?? 'unknown', Number(s.n)])),
    runs: Object.fromEntries(runs.map((r) => [r.status, r.n])),
    revenue: await workflowRevenue(db, id, definition.settings.conversionWindowDays ?? DEFAULT_CONVERSION_WINDOW_DAYS),
    reactivation: definition.trigger.type === 'inactivity' ? await reactivation(db, id, windowDays) : null,
    satisfaction: ratings.length
      ? { responses: ratings.length, nps: netPromoterScore(ratings.filter((r) => r.kind === 'nps').map((r) => r.score)), csat: csatScore(ratings.filter((r) => r.kind === 'csat').map((r) => r.score)) }
      : null,
  };
}

/** Both groups are watched the same way: a customer message within the window after the run started. */
async function reactivation(db: Db, id: string, windowDays: number) {
  const groups = rowsOf<{ held_out: boolean; contacts: string; reactivated: string }>(
    await db.execute(sql`
    select r.held_out, count(*) as contacts,
      count(*) filter (where exists (select 1 from messages i where i.contact_id = r.contact_id and i.direction = 'in' and not i.auto_reply
        and i.sent_at > r.started_at and i.sent_at <= r.started_at + make_interval(days => ${windowDays}))) as reactivated
    from workflow_runs r where r.workflow_id = ${id} and (r.held_out or exists (select 1 from workflow_step_log l where l.run_id = r.id and l.outcome = 'sent'))
    group by r.held_out`),
  );
  const group = (heldOut: boolean) => {
    const g = groups.find((x) => x.held_out === heldOut);
    return { contacts: Number(g?.contacts ?? 0), reactivated: Number(g?.reactivated ?? 0) };
  };
  const messaged = group(false);
  const heldOut = group(true);
  return { windowDays, messaged, heldOut, lift: reactivationLift(messaged, heldOut) };
}
