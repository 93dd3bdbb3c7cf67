// Enabled workflows by trigger type, and starting runs under the occurrence key (a repeat start is a no-op).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { workflowRuns, workflows, workflowVersions } from '../db/schema/index.ts';
import type { Trigger, WorkflowDefinition } from '../../workflows/index.ts';

export interface ActiveWorkflow {
  id: string;
  versionId: string;
  definition: WorkflowDefinition;
  source: Record<string, unknown>;
  enabledAt: Date | null;
}

export async function activeWorkflows(db: DbOrTx, triggerType?: Trigger['type']): Promise<ActiveWorkflow[]> {
  const rows = await db
    .select({ id: workflows.id, enabledAt: workflows.enabledAt, versionId: workflowVersions.id, definition: workflowVersions.definition, source: workflowVersions.source })
    .from(workflows)
    .innerJoin(workflowVersions, eq(workflowVersions.id, workflows.currentVersionId))
    .where(and(eq(workflows.enabled, true), isNull(workflows.deletedAt), triggerType ? sql`${workflowVersions.definition}->'trigger'->>'type' = ${triggerType}` : sql`true`));
  return rows;
}

export interface RunStart {
  workflowId: string;
  versionId: string;
  contactId: string;
  occurrenceKey: string;
  nextAt: Date;
  context?: Record<string, unknown>;
}

/** INSERT … ON CONFLICT DO NOTHING on (workflow, contact, occurrence key): retries, restarts and racing workers start one run. */
export async function startRuns(db: DbOrTx, starts: RunStart[], now: Date): Promise<number> {
  let started = 0;
  for (let i = 0; i < starts.length; i += 500) {
    const chunk = starts.slice(i, i + 500).map((s) => ({ ...s, context: s.context ?? {}, status: 'pending' as const, startedAt: now }));
    const rows = await db.insert(workflowRuns).values(chunk).onConflictDoNothing().returning({ id: workflowRuns.id });
    started += rows.length;
  }
  return started;
}
