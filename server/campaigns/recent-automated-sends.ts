// When each contact last received automated messages, for the frequency cap (across campaigns and workflows).
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';

const DAY_MS = 86_400_000;

/**
 * Outbound automation messages count; private notes do not. Messages carry no purpose, so a workflow's
 * service message (a complaint acknowledgement) counts as well: stricter than the pure core asks, never looser.
 */
export async function recentAutomatedSends(db: DbOrTx, contactIds: string[], now: Date, perDays: number): Promise<Map<string, Date[]>> {
  const out = new Map<string, Date[]>();
  if (!contactIds.length) return out;
  const rows = await db
    .select({ contactId: conversations.contactId, at: messages.sentAt })
    .from(messages)
    // Through conversations: they are indexed by contact, messages only by conversation.
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      and(
        inArray(conversations.contactId, contactIds),
        eq(messages.direction, 'out'),
        eq(messages.senderType, 'automation'),
        eq(messages.private, false),
        gt(messages.sentAt, new Date(now.getTime() - perDays * DAY_MS)),
      ),
    );
  for (const row of rows) out.set(row.contactId, [...(out.get(row.contactId) ?? []), row.at]);
  return out;
}
