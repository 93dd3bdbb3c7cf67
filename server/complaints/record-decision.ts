// Turns a workspace's decision about a conversation (an agent's complaint label, a detractor's rating) into a
// labelled example: the customer's latest message before the decision, with the decision as its label.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { complaintExamples, type ComplaintExampleSource, messages } from '../db/schema/index.ts';
import { foldLoose } from '../../workflows/text/fold.ts';

/** Labels that mean "complaint": the complaint preset's default and its Turkish name, compared folded. */
const COMPLAINT_LABELS = new Set(['complaint', 'sikayet']);

export function isComplaintLabel(label: string): boolean {
  return COMPLAINT_LABELS.has(foldLoose(label.trim()));
}

export async function recordComplaintDecision(
  tx: Tx,
  decision: { conversationId: string; complaint: boolean; source: ComplaintExampleSource; now: Date; beforeMessageId?: string },
): Promise<string | null> {
  const [message] = await tx
    .select({ id: messages.id, text: messages.text })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, decision.conversationId),
        eq(messages.direction, 'in'),
        sql`coalesce(${messages.text}, '') <> ''`,
        decision.beforeMessageId ? sql`${messages.seq} < (select seq from messages where id = ${decision.beforeMessageId})` : undefined,
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(1);
  if (!message?.text) return null;
  const values = { messageId: message.id, conversationId: decision.conversationId, text: message.text, complaint: decision.complaint, source: decision.source, updatedAt: decision.now };
  await tx
    .insert(complaintExamples)
    .values({ ...values, createdAt: decision.now })
    .onConflictDoUpdate({ target: complaintExamples.messageId, set: values });
  return message.id;
}
