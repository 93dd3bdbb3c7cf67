// When each contact was last sent automated marketing, for the frequency cap: one count for workflows and campaigns.
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { conversations, messages } from '../db/schema/index.ts';

const DAY_MS = 86_400_000;

/**
 * Marketing messages (campaigns, and workflow sends whose purpose is marketing) sent within `perDays`.
 * Service messages (a complaint acknowledgement) and private notes never count, so they never crowd out marketing.
 */
export async function recentMarketingSends(db: DbOrTx, contactIds: string[], now: Date, perDays: number): Promise<Map<string, Date[]>> {
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
        eq(messages.purpose, 'marketing'),
        eq(messages.private, false),
        gt(messages.sentAt, new Date(now.getTime() - perDays * DAY_MS)),
      ),
    );
  for (const row of rows) out.set(row.contactId, [...(out.get(row.contactId) ?? []), row.at]);
  return out;
}
