// A run's end as a domain event (`workflow.run_completed`, `workflow.run_exited`, `workflow.run_failed`), inserted in the
// transaction that ends the run: the event exists exactly when the outcome does, once, since an ended run never changes.
import { sql, type SQL } from 'drizzle-orm';
import { tsParam, type DbOrTx } from '../db/client.ts';
import { ACTIVE_RUN_STATUSES, type EndedRunStatus } from '../db/schema/index.ts';
import type { DomainEventType } from '../realtime/event-types.ts';

/** One event per outcome: the run reached its end, left early without failing (`status` says which way), or failed. */
export const RUN_OUTCOME_EVENTS: Record<EndedRunStatus, DomainEventType> = {
  completed: 'workflow.run_completed',
  stopped: 'workflow.run_exited',
  skipped: 'workflow.run_exited',
  held_out: 'workflow.run_exited',
  failed: 'workflow.run_failed',
};

export const hasEnded = (status: string): status is EndedRunStatus => Object.hasOwn(RUN_OUTCOME_EVENTS, status);

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Records the outcome of each ended run that `ended` yields (workflow_runs rows: a select, or the `update … returning *`
 * that ends them) in one set-based insert, however many there are. `reason` says why they ended (`contact-gone`,
 * `held-out`, `engine-error`, `workflow-deleted`, …); the payload is the webhook's `data`.
 */
export async function recordRunOutcomes(tx: DbOrTx, ended: SQL, reason: string | null): Promise<void> {
  const eventOf = sql.join(
    Object.entries(RUN_OUTCOME_EVENTS).map(([status, type]) => sql`when ${status} then ${type}`),
    sql` `,
  );
  await tx.execute(sql`with ended as (${ended})
    insert into domain_events (type, contact_id, caused_by_automation, payload)
    select case e.status ${eventOf} end, e.contact_id, true, jsonb_strip_nulls(jsonb_build_object(
      'workflowId', e.workflow_id, 'workflowName', w.name, 'runId', e.id, 'contactId', e.contact_id, 'status', e.status,
      'reason', ${reason}::text, 'startedAt', ${iso(sql`e.started_at`)}, 'endedAt', ${iso(sql`e.completed_at`)}))
    from ended e join workflows w on w.id = e.workflow_id
    where e.status in (${list(Object.keys(RUN_OUTCOME_EVENTS))})`);
}

/**
 * Stops every run of a workflow that is still under way, each with its `workflow.run_exited` event, in one statement.
 * The lease goes too: a runner in the middle of one of these runs loses it, so it cannot carry the run on afterwards.
 */
export async function stopWorkflowRuns(tx: DbOrTx, workflowId: string, reason: string, now: Date): Promise<void> {
  await recordRunOutcomes(
    tx,
    sql`update workflow_runs set status = 'stopped', completed_at = ${tsParam(now)}, next_at = null, lease_owner = null, lease_until = null
      where workflow_id = ${workflowId} and status in (${list(ACTIVE_RUN_STATUSES)}) returning *`,
    reason,
  );
}
