// Runs a macro on one conversation: every step checked first (so a bad step changes nothing), then the replies
// queued in order, then the conversation's changes applied together as one update.
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { cannedResponses, conversations, macros, users } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import { createReply } from '../outbound/create-reply.ts';
import { cannedFiller } from '../assist/index.ts';
import { updateConversation, type ConversationChange } from '../conversations/update-conversation.ts';
import type { MacroRunResult } from './macro-input.ts';

const HOUR_MS = 3_600_000;

export interface MacroRunDeps {
  database: Database;
  jobs: JobQueue;
  now(): Date;
}

export async function runMacro(deps: MacroRunDeps, conversationId: string, macroId: string, actorUserId: string): Promise<MacroRunResult> {
  const db = deps.database.db;
  const [macro] = await db.select().from(macros).where(eq(macros.id, macroId));
  if (!macro) throw notFound('macro');
  const [conversation] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conversation) throw notFound('conversation');

  const cannedIds = macro.actions.flatMap((a) => (a.type === 'reply' ? [a.cannedResponseId] : []));
  const canned = cannedIds.length ? await db.select().from(cannedResponses).where(inArray(cannedResponses.id, cannedIds)) : [];
  if (canned.length !== new Set(cannedIds).size) throw new AppError(422, 'unknown_canned_response', 'The macro replies with a canned response that no longer exists');
  const assignees = macro.actions.flatMap((a) => (a.type === 'assign' && a.userId && a.userId !== 'me' ? [a.userId] : []));
  if (assignees.length) {
    const found = await db.select({ id: users.id }).from(users).where(inArray(users.id, assignees));
    if (found.length !== new Set(assignees).size) throw new AppError(422, 'unknown_user', 'The macro assigns to a user who no longer exists');
  }

  const now = deps.now();
  const change: ConversationChange = {};
  let labels = conversation.labels;
  const replies: string[] = [];
  for (const action of macro.actions) {
    if (action.type === 'label') {
      labels = [...new Set([...labels, ...action.add])].filter((l) => !action.remove.includes(l));
      change.labels = labels;
    } else if (action.type === 'assign') change.assigneeId = action.userId === 'me' ? actorUserId : action.userId;
    else if (action.type === 'resolve') {
      change.status = 'resolved';
      delete change.snoozedUntil;
    } else if (action.type === 'snooze') {
      change.status = 'snoozed';
      change.snoozedUntil = new Date(now.getTime() + action.hours * HOUR_MS);
    } else replies.push(canned.find((c) => c.id === action.cannedResponseId)!.content);
  }

  const fill = replies.length ? await cannedFiller(db, conversation, now) : (text: string) => text;
  const texts = replies.map(fill);
  const messageIds: string[] = [];
  for (const text of texts) {
    const message = await createReply(deps, { conversationId, text, private: false, senderType: 'user', senderUserId: actorUserId, attachmentIds: [] });
    messageIds.push(message.id);
  }
  if (Object.keys(change).length) await updateConversation(deps, conversationId, change, { actorUserId });
  return { macroId, conversationId, messageIds };
}
