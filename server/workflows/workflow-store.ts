// Saving workflows: validation, a new immutable version per edit, enable/disable, soft delete.
import { and, desc, eq, isNull, max } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { workflows, workflowVersions } from '../db/schema/index.ts';
import { refusalAtSave, type AllowList } from '../egress/index.ts';
import { AppError, notFound } from '../errors.ts';
import { validateWorkflow, type ValidationError, type ValidationOptions } from '../../workflows/index.ts';
import { stopWorkflowRuns } from './run-outcomes.ts';

export class InvalidWorkflow extends AppError {
  constructor(readonly errors: ValidationError[]) {
    super(422, 'invalid_workflow', errors.map((e) => `${e.path || 'workflow'}: ${e.message}`).join('; '), errors);
  }
}

/** A call_webhook step to a literal private address or localhost is refused when saved; host names are checked at send time. */
export const webhookCheck = (allow: AllowList): ValidationOptions => ({
  // Asked only of a URL the schema took as http(s), so a refusal is always a destination not allowed, as for channels.
  checkUrl: (url) => {
    const refusal = refusalAtSave(url, allow);
    return refusal === undefined ? undefined : { message: refusal, code: 'destination_not_allowed' };
  },
});

type WorkflowRow = typeof workflows.$inferSelect;
type VersionRow = typeof workflowVersions.$inferSelect;

export function serializeWorkflow(wf: WorkflowRow, version: VersionRow) {
  return {
    id: wf.id,
    name: wf.name,
    preset: wf.preset,
    enabled: wf.enabled,
    version: version.version,
    versionId: version.id,
    definition: version.definition,
    createdBy: wf.createdBy,
    createdAt: wf.createdAt,
    updatedAt: wf.updatedAt,
  };
}

export async function createWorkflow(db: Db, input: Record<string, unknown>, options: { userId?: string; preset?: string; enabled?: boolean } & ValidationOptions) {
  const result = validateWorkflow(input, options);
  if (!result.ok) throw new InvalidWorkflow(result.errors);
  return db.transaction(async (tx) => {
    const [wf] = await tx
      .insert(workflows)
      .values({ name: result.workflow.name, preset: options.preset ?? null, enabled: options.enabled ?? false, enabledAt: options.enabled ? new Date() : null, createdBy: options.userId ?? null })
      .returning();
    const [version] = await tx
      .insert(workflowVersions)
      .values({ workflowId: wf!.id, version: 1, definition: result.workflow, source: input, createdBy: options.userId ?? null })
      .returning();
    const [updated] = await tx.update(workflows).set({ currentVersionId: version!.id }).where(eq(workflows.id, wf!.id)).returning();
    return serializeWorkflow(updated!, version!);
  });
}

/** An edit is a shallow merge over the current source, saved as the next version; running runs keep theirs. */
export async function editWorkflow(db: Db, id: string, patch: Record<string, unknown>, options: { userId?: string } & ValidationOptions = {}) {
  const { userId } = options;
  const current = await loadWorkflow(db, id);
  const input = { ...(current.source as Record<string, unknown>), ...patch };
  const result = validateWorkflow(input, options);
  if (!result.ok) throw new InvalidWorkflow(result.errors);
  return db.transaction(async (tx) => {
    const [wf] = await tx.select().from(workflows).where(eq(workflows.id, id)).for('update');
    const [{ last }] = await tx
      .select({ last: max(workflowVersions.version) })
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, id));
    const [version] = await tx
      .insert(workflowVersions)
      .values({ workflowId: id, version: (last ?? 0) + 1, definition: result.workflow, source: input, createdBy: userId ?? null })
      .returning();
    const [updated] = await tx.update(workflows).set({ name: result.workflow.name, currentVersionId: version!.id, updatedAt: new Date() }).where(eq(workflows.id, wf!.id)).returning();
    return serializeWorkflow(updated!, version!);
  });
}

export async function loadWorkflow(db: Db, id: string) {
  const [row] = await db
    .select({ wf: workflows, version: workflowVersions })
    .from(workflows)
    .innerJoin(workflowVersions, eq(workflowVersions.id, workflows.currentVersionId))
    .where(and(eq(workflows.id, id), isNull(workflows.deletedAt)));
  if (!row) throw notFound('workflow');
  return { ...serializeWorkflow(row.wf, row.version), source: row.version.source };
}

export async function listWorkflows(db: Db) {
  const rows = await db
    .select({ wf: workflows, version: workflowVersions })
    .from(workflows)
    .innerJoin(workflowVersions, eq(workflowVersions.id, workflows.currentVersionId))
    .where(isNull(workflows.deletedAt))
    .orderBy(desc(workflows.createdAt));
  return rows.map((r) => serializeWorkflow(r.wf, r.version));
}

export async function setEnabled(db: Db, id: string, enabled: boolean) {
  const current = await loadWorkflow(db, id);
  const enabledAt = enabled && !current.enabled ? { enabledAt: new Date() } : {};
  await db
    .update(workflows)
    .set({ enabled, ...enabledAt, updatedAt: new Date() })
    .where(eq(workflows.id, id));
  return loadWorkflow(db, id);
}

/** Soft delete: the history stays for reports; runs still under way stop. */
export async function deleteWorkflow(db: Db, id: string, now: Date) {
  await loadWorkflow(db, id);
  await db.transaction(async (tx) => {
    await tx.update(workflows).set({ deletedAt: now, enabled: false }).where(eq(workflows.id, id));
    await stopWorkflowRuns(tx, id, 'workflow-deleted', now);
  });
}
