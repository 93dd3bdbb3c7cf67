// What the inbox routes accept: the list's filters, a conversation change, a reply or note. Also the web's request
// types (server/http/api-types.ts), which is why this file imports nothing that runs.
import { z } from 'zod';
import { CONVERSATION_STATUSES, PRIORITIES } from '../db/schema/index.ts';
import { isoTimestamp } from '../lib/validators.ts';

const MAX_ATTACHMENTS = 10;

export const conversationListQuery = z.object({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  team: z.uuid().optional(),
  channel: z.uuid().optional(),
  label: z.string().max(50).optional(),
  priority: z.enum(PRIORITIES).optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const conversationPatchBody = z
  .object({
    status: z.enum(CONVERSATION_STATUSES),
    snoozedUntil: isoTimestamp().nullable(),
    assigneeId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    priority: z.enum(PRIORITIES),
    labels: z.array(z.string().trim().min(1).max(50)).max(50),
  })
  .partial()
  .refine((b) => b.status !== 'snoozed' || b.snoozedUntil, { message: 'snoozing needs snoozedUntil', path: ['snoozedUntil'] });

export const newMessageBody = z
  .object({
    text: z.string().trim().max(65_536).default(''),
    private: z.boolean().default(false),
    channelId: z.uuid().optional(),
    /** Ids from POST /api/uploads; each is used once. */
    attachmentIds: z.array(z.uuid()).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files per message`).default([]),
  })
  .refine((b) => b.text || b.attachmentIds.length, { message: 'must not be empty: write a message or attach a file', path: ['text'] });
