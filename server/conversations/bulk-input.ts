// What POST /api/conversations/bulk accepts: which conversations (ids, or the list's filter) and one action.
// Also the web's request types (server/http/api-types.ts), so it imports nothing that runs.
import { z } from 'zod';
import { CONVERSATION_STATUSES } from '../db/schema/index.ts';
import { isoTimestamp } from '../lib/validators.ts';
import { conversationListQuery } from './conversation-input.ts';

/** One bulk call changes at most this many conversations, in one transaction. */
export const MAX_BULK = 5_000;

const labelName = z.string().trim().min(1).max(50);

/** A conversation as it was before a bulk change: what undo puts back. */
export const conversationState = z.object({
  id: z.uuid(),
  status: z.enum(CONVERSATION_STATUSES),
  snoozedUntil: isoTimestamp().nullable(),
  assigneeId: z.uuid().nullable(),
  labels: z.array(labelName).max(50),
});

export const bulkAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), userId: z.uuid().nullable() }),
  z
    .object({ type: z.literal('label'), add: z.array(labelName).max(50).default([]), remove: z.array(labelName).max(50).default([]) })
    .refine((a) => a.add.length || a.remove.length, { message: 'add or remove at least one label', path: ['add'] }),
  z.object({ type: z.literal('resolve') }),
  z.object({ type: z.literal('snooze'), until: isoTimestamp() }),
  z.object({ type: z.literal('reopen') }),
  /** Undo: each conversation back to the state a previous bulk response returned in `previous`. */
  z.object({ type: z.literal('restore'), previous: z.array(conversationState).min(1).max(MAX_BULK) }),
]);

export const bulkFilter = conversationListQuery.omit({ cursor: true, limit: true });

export const bulkBody = z
  .object({
    ids: z.array(z.uuid()).min(1).max(MAX_BULK).optional(),
    /** Every conversation the list shows with this filter, loaded or not. */
    filter: bulkFilter.optional(),
    action: bulkAction,
  })
  .refine((b) => b.action.type === 'restore' || (b.ids === undefined) !== (b.filter === undefined), {
    message: 'name the conversations with either ids or filter',
    path: ['ids'],
  })
  .refine((b) => b.action.type !== 'restore' || (b.ids === undefined && b.filter === undefined), {
    message: 'restore names its conversations in action.previous',
    path: ['ids'],
  });

export type BulkBody = z.infer<typeof bulkBody>;
export type BulkAction = z.infer<typeof bulkAction>;
export type ConversationState = z.infer<typeof conversationState>;

export interface BulkResult {
  updated: number;
  /** The conversations that changed (a conversation already in the asked-for state is left alone). */
  ids: string[];
  previous: ConversationState[];
}
