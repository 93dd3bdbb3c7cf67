// Changes a conversation's status, assignment, priority or labels, recording one event per meaningful change.
import { and, eq, lte } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { conversations, type ConversationStatus, type Priority } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { complaintLabels, recordComplaintDecision } from '../complaints/index.ts';

export interface ConversationChange {
  status?: ConversationStatus;
  snoozedUntil?: Date | null;
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: Priority;
  labels?: string[];
}

export async function updateConversation(deps: { database: Database; now(): Date }, id: string, change: ConversationChange, options: { actorUserId?: string; causedByAutomation?: boolean } = {}) {
  const now = deps.now();
  return transact(deps.database, async (tx) => {
    const [before] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
    if (!before) throw notFound('conversation');
    const labels = change.labels ? [...new Set(change.labels)] : undefined;
    const set: Partial<typeof conversations.$inferInsert> = { updatedAt: now };
    if (change.status) {
      set.status = change.status;
      set.resolvedAt = change.status === 'resolved' ? now : null;
      // Reports credit the agent who resolved; automation (no actor) resolves for nobody.
      set.resolvedById = change.status === 'resolved' ? (options.actorUserId ?? null) : null;
      set.snoozedUntil = change.status === 'snoozed' ? (change.snoozedUntil ?? null) : null;
    } else if (change.snoozedUntil !== undefined) set.snoozedUntil = change.snoozedUntil;
    if (change.assigneeId !== undefined) set.assigneeId = change.assigneeId;
    if (change.teamId !== undefined) set.teamId = change.teamId;
    if (change.priority) set.priority = change.priority;
    if (labels) set.labels = labels;
    const [after] = await tx.update(conversations).set(set).where(eq(conversations.id, id)).returning();

    const base = { contactId: before.contactId, conversationId: id, causedByAutomation: options.causedByAutomation ?? false };
    const changed = Object.keys(change).filter((k) => JSON.stringify((before as any)[k]) !== JSON.stringify((after as any)[k]));
    if (changed.length) await recordEvent(tx, { ...base, type: 'conversation.updated', payload: { changed, actorUserId: options.actorUserId ?? null } });
    if (change.status === 'resolved' && before.status !== 'resolved') await recordEvent(tx, { ...base, type: 'conversation.resolved', payload: { actorUserId: options.actorUserId ?? null } });
    for (const label of (labels ?? []).filter((l) => !before.labels.includes(l))) {
      await recordEvent(tx, { ...base, type: 'label.added', payload: { label } });
    }
    // An agent adding or removing the complaint label teaches the complaint model; automation adding it does not
    // (that would be the detector learning from itself).
    if (labels && options.actorUserId && !options.causedByAutomation && JSON.stringify(labels) !== JSON.stringify(before.labels)) {
      const isComplaintLabel = await complaintLabels(tx);
      const added = labels.some((l) => isComplaintLabel(l) && !before.labels.some(isComplaintLabel));
      const removed = before.labels.some(isComplaintLabel) && !labels.some(isComplaintLabel);
      if (added || removed) await recordComplaintDecision(tx, { conversationId: id, complaint: added, source: 'label', now });
    }
    return after!;
  });
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
