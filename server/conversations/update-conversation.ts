// Changes a conversation's status, assignment, priority or labels, recording one event per meaningful change.
// Many conversations change the same way (bulk actions): one UPDATE and one batch of events for all of them.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { conversations, type ConversationStatus, type Priority } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import { recordEvents, transact, type EventToRecord } from '../events/record-event.ts';
import { complaintLabels, recordComplaintDecision } from '../complaints/index.ts';

export interface ConversationChange {
  status?: ConversationStatus;
  snoozedUntil?: Date | null;
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: Priority;
  labels?: string[];
}

export interface ChangeOptions {
  actorUserId?: string;
  causedByAutomation?: boolean;
}

type ConversationRow = typeof conversations.$inferSelect;

export async function updateConversation(deps: { database: Database; now(): Date }, id: string, change: ConversationChange, options: ChangeOptions = {}) {
  const now = deps.now();
  return transact(deps.database, async (tx) => {
    const [before] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
    if (!before) throw notFound('conversation');
    const [after] = await applyConversationChanges(tx, [{ before, change }], { ...options, now });
    return after!;
  });
}

/** The row a change leaves behind (pure). */
function changedRow(before: ConversationRow, change: ConversationChange, options: ChangeOptions, now: Date): ConversationRow {
  const after = { ...before, updatedAt: now };
  if (change.status) {
    after.status = change.status;
    after.resolvedAt = change.status === 'resolved' ? now : null;
    // Reports credit the agent who resolved; automation (no actor) resolves for nobody.
    after.resolvedById = change.status === 'resolved' ? (options.actorUserId ?? null) : null;
    after.snoozedUntil = change.status === 'snoozed' ? (change.snoozedUntil ?? null) : null;
  } else if (change.snoozedUntil !== undefined) after.snoozedUntil = change.snoozedUntil;
  if (change.assigneeId !== undefined) after.assigneeId = change.assigneeId;
  if (change.teamId !== undefined) after.teamId = change.teamId;
  if (change.priority) after.priority = change.priority;
  if (change.labels) after.labels = [...new Set(change.labels)];
  return after;
}

/** The events a change records (pure): one update naming what changed, a resolve, each label added. */
function changeEvents(before: ConversationRow, after: ConversationRow, change: ConversationChange, options: ChangeOptions): EventToRecord[] {
  const base = { contactId: before.contactId, conversationId: before.id, causedByAutomation: options.causedByAutomation ?? false };
  const events: EventToRecord[] = [];
  const changed = Object.keys(change).filter((k) => JSON.stringify(before[k as keyof ConversationRow]) !== JSON.stringify(after[k as keyof ConversationRow]));
  if (changed.length) events.push({ ...base, type: 'conversation.updated', payload: { changed, actorUserId: options.actorUserId ?? null } });
  if (change.status === 'resolved' && before.status !== 'resolved') events.push({ ...base, type: 'conversation.resolved', payload: { actorUserId: options.actorUserId ?? null } });
  for (const label of change.labels ? after.labels.filter((l) => !before.labels.includes(l)) : []) events.push({ ...base, type: 'label.added', payload: { label } });
  return events;
}

/**
 * Applies each change to its row, which the caller has locked in its transaction: one UPDATE for all of them,
 * one batch of events. Returns the rows after, in the order given.
 */
export async function applyConversationChanges(tx: Tx, changes: Array<{ before: ConversationRow; change: ConversationChange }>, options: ChangeOptions & { now: Date }): Promise<ConversationRow[]> {
  if (!changes.length) return [];
  const afters = changes.map(({ before, change }) => changedRow(before, change, options, options.now));
  const values = afters.map((a) => ({
    id: a.id,
    status: a.status,
    snoozed_until: a.snoozedUntil?.toISOString() ?? null,
    assignee_id: a.assigneeId,
    team_id: a.teamId,
    priority: a.priority,
    labels: a.labels,
    resolved_at: a.resolvedAt?.toISOString() ?? null,
    resolved_by_id: a.resolvedById,
  }));
  await tx.execute(sql`update conversations c set
      status = v.status, snoozed_until = v.snoozed_until, assignee_id = v.assignee_id, team_id = v.team_id, priority = v.priority,
      labels = v.labels, resolved_at = v.resolved_at, resolved_by_id = v.resolved_by_id, updated_at = ${options.now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id uuid, status text, snoozed_until timestamptz, assignee_id uuid, team_id uuid,
      priority text, labels text[], resolved_at timestamptz, resolved_by_id uuid)
    where c.id = v.id`);
  const rows = await tx
    .select()
    .from(conversations)
    .where(
      inArray(
        conversations.id,
        afters.map((a) => a.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));

  await recordEvents(
    tx,
    changes.flatMap(({ before, change }, i) => changeEvents(before, afters[i]!, change, options)),
  );
  // An agent adding or removing the complaint label teaches the complaint model; automation adding it does not
  // (that would be the detector learning from itself).
  const relabelled = changes.some(({ before, change }, i) => change.labels && JSON.stringify(afters[i]!.labels) !== JSON.stringify(before.labels));
  if (options.actorUserId && !options.causedByAutomation && relabelled) {
    const isComplaintLabel = await complaintLabels(tx);
    for (const [i, { before, change }] of changes.entries()) {
      if (!change.labels) continue;
      const labels = afters[i]!.labels;
      const added = labels.some((l) => isComplaintLabel(l) && !before.labels.some(isComplaintLabel));
      const removed = before.labels.some(isComplaintLabel) && !labels.some(isComplaintLabel);
      if (added || removed) await recordComplaintDecision(tx, { conversationId: before.id, complaint: added, source: 'label', now: options.now });
    }
  }
  return afters.map((a) => byId.get(a.id)!);
}

/** Snoozed conversations whose time has come are opened again. */
export async function wakeSnoozed(deps: { database: Database; now(): Date }): Promise<number> {
  const due = await deps.database.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, deps.now())));
  for (const { id } of due) await updateConversation(deps, id, { status: 'open' });
  return due.length;
}
