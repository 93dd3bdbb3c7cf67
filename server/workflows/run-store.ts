// Run state changes and step-log rows, written together and only while the caller still holds the run's lease.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rowsOf, tsParam, type Db } from '../db/client.ts';
import { ACTIVE_RUN_STATUSES, workflowRuns, workflowStepLog, type StepOutcome } from '../db/schema/index.ts';
import { hasEnded, recordRunOutcomes } from './run-outcomes.ts';

export type RunRow = typeof workflowRuns.$inferSelect;
export const LEASE_MS = 5 * 60_000;

export class LeaseLost extends Error {}

export interface LogEntry {
  stepId: string | null;
  outcome: StepOutcome;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Claims due runs for this runner; SKIP LOCKED and the lease keep two runners off the same run. A disabled workflow's
 * runs are held where they are until it is enabled again (deleting it stops them).
 */
export async function claimDueRuns(db: Db, now: Date, limit: number): Promise<{ token: string; runs: RunRow[] }> {
  const token = randomUUID();
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const claimed = rowsOf<{ id: string }>(
    await db.execute(sql`update workflow_runs set lease_owner = ${token}, lease_until = ${tsParam(leaseUntil)}
      where id in (select id from workflow_runs
        where status in ('pending', 'running', 'waiting') and next_at <= ${tsParam(now)} and (lease_until is null or lease_until < ${tsParam(now)})
          and exists (select 1 from workflows w where w.id = workflow_runs.workflow_id and w.enabled)
        order by next_at limit ${limit} for update skip locked)
      returning id`),
  );
  if (claimed.length === 0) return { token, runs: [] };
  const runs = await db
    .select()
    .from(workflowRuns)
    .where(
      inArray(
        workflowRuns.id,
        claimed.map((c) => c.id),
      ),
    );
  return { token, runs: runs.sort((a, b) => (a.nextAt?.getTime() ?? 0) - (b.nextAt?.getTime() ?? 0)) };
}

/** Saves the run's context (a coupon just issued) while the lease is ours; throws LeaseLost otherwise. */
export async function saveContext(db: Db, runId: string, token: string, context: Record<string, unknown>): Promise<void> {
  const done = await db
    .update(workflowRuns)
    .set({ context })
    .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.leaseOwner, token)))
    .returning({ id: workflowRuns.id });
  if (done.length === 0) throw new LeaseLost(`run ${runId} is no longer ours`);
}

/**
 * Applies `change` and writes the log row in one transaction; throws LeaseLost when another runner took over or the run
 * was ended meanwhile (its workflow deleted). A change that ends the run records its outcome event in that transaction.
 */
export async function commitStep(db: Db, runId: string, token: string, change: Partial<typeof workflowRuns.$inferInsert>, log: LogEntry, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(workflowRuns)
      .set(change)
      .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.leaseOwner, token), inArray(workflowRuns.status, [...ACTIVE_RUN_STATUSES])))
      .returning({ id: workflowRuns.id });
    if (done.length === 0) throw new LeaseLost(`run ${runId} is no longer ours`);
    await tx.insert(workflowStepLog).values({ runId, stepId: log.stepId, outcome: log.outcome, reason: log.reason ?? null, detail: log.detail ?? {}, at });
    if (change.status && hasEnded(change.status)) await recordRunOutcomes(tx, sql`select * from workflow_runs where id = ${runId}`, log.reason ?? null);
  });
}
