// One action over many conversations in one transaction: every change recorded as its own events (so realtime and
// workflows see each conversation change), and each conversation's prior state returned so the client can undo.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { conversations, users } from '../db/schema/index.ts';
import { AppError, invalidField } from '../errors.ts';
import { transact } from '../events/record-event.ts';
import { MAX_BULK, type BulkBody, type BulkResult, type ConversationState } from './bulk-input.ts';

import { conversationFilterWhere, type SearchScope } from './list-conversations.ts';
import { applyConversationChanges, type ConversationChange } from './update-conversation.ts';

type Row = typeof conversations.$inferSelect;

export interface BulkContext {
  actorUserId: string;
  scope: SearchScope;
}

export async function bulkUpdate(deps: { database: Database; now(): Date }, body: BulkBody, context: BulkContext): Promise<BulkResult> {
  const now = deps.now();
  const action = body.action;
  if (action.type === 'assign' && action.userId) await mustBeActiveUser(deps.database, action.userId);
  if (action.type === 'restore') {
    const assignees = [...new Set(action.previous.map((p) => p.assigneeId).filter((a): a is string => a !== null))];
    for (const id of assignees) await mustBeActiveUser(deps.database, id, false);
  }
  const restoring = action.type === 'restore' ? new Map(action.previous.map((p) => [p.id, p])) : undefined;

  return transact(deps.database, async (tx) => {
    const where = restoring
      ? inArray(conversations.id, [...restoring.keys()])
      : body.ids
        ? inArray(conversations.id, [...new Set(body.ids)])
        : and(...conversationFilterWhere({ ...body.filter, assignee: body.filter?.assignee === 'me' ? context.actorUserId : body.filter?.assignee }, context.scope));
    // Locked in id order, so two bulk calls over overlapping sets cannot deadlock each other.
    const rows = await tx
      .select()
      .from(conversations)
      .where(where)
      .orderBy(conversations.id)
      .limit(MAX_BULK + 1)
      .for('update');
    if (rows.length > MAX_BULK) throw new AppError(422, 'too_many', `A bulk action changes at most ${MAX_BULK} conversations; narrow the filter`);
    const wanted = restoring ? restoring.size : body.ids ? new Set(body.ids).size : rows.length;
    if (rows.length !== wanted) throw new AppError(422, 'unknown_conversation', 'Some ids do not name a conversation');

    const changes = rows.flatMap((before) => {
      const change = changeFor(before, restoring?.get(before.id), action, now);
      return change ? [{ before, change }] : [];
    });
    await applyConversationChanges(tx, changes, { actorUserId: context.actorUserId, now });
    return { updated: changes.length, ids: changes.map((c) => c.before.id), previous: changes.map((c) => stateOf(c.before)) };
  });
}

/** The change for one conversation, or undefined when it is already as asked. */
function changeFor(before: Row, previous: ConversationState | undefined, action: BulkBody['action'], now: Date): ConversationChange | undefined {
  switch (action.type) {
    case 'assign':
      return before.assigneeId === action.userId ? undefined : { assigneeId: action.userId };
    case 'label': {
      const labels = [...new Set([...before.labels, ...action.add])].filter((l) => !action.remove.includes(l));
      const same = labels.length === before.labels.length && labels.every((l) => before.labels.includes(l));
      return same ? undefined : { labels };
    }
    case 'resolve':
      return before.status === 'resolved' ? undefined : { status: 'resolved' };
    case 'reopen':
      return before.status === 'open' ? undefined : { status: 'open' };
    case 'snooze': {
      const until = new Date(action.until);
      if (until <= now) throw invalidField('action.until', 'action.until: snooze until a time still to come');
      return before.status === 'snoozed' && before.snoozedUntil?.getTime() === until.getTime() ? undefined : { status: 'snoozed', snoozedUntil: until };
    }
    case 'restore': {
      if (!previous) return undefined;
      const state = stateOf(before);
      if (JSON.stringify(state) === JSON.stringify(previous)) return undefined;
      return {
        status: previous.status,
        snoozedUntil: previous.snoozedUntil ? new Date(previous.snoozedUntil) : null,
        assigneeId: previous.assigneeId,
        labels: previous.labels,
      };
    }
  }
}

function stateOf(row: Row): ConversationState {
  return { id: row.id, status: row.status, snoozedUntil: row.snoozedUntil?.toISOString() ?? null, assigneeId: row.assigneeId, labels: row.labels };
}

/** Assigning needs an active user; restoring may put back someone since deactivated, but not someone deleted. */
async function mustBeActiveUser(database: Database, id: string, active = true) {
  const [u] = await database.db.select({ id: users.id, active: users.active }).from(users).where(eq(users.id, id));
  if (!u || (active && !u.active)) throw new AppError(422, 'unknown_user', 'userId does not name an active user');
}
