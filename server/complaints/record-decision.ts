// Turns a workspace's decision about a conversation (an agent's complaint label, a detractor's rating) into a
// labelled example: the customer's latest message before the decision, with the decision as its label.
import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx, type Tx } from '../db/client.ts';
import { complaintExamples, type ComplaintExampleSource, messages } from '../db/schema/index.ts';
import { foldLoose } from '../../workflows/text/fold.ts';

/** Labels that always mean "complaint": the complaint preset's default and its Turkish name, compared folded. */
const COMPLAINT_LABELS = ['complaint', 'sikayet'];

const fold = (label: string) => foldLoose(label.trim());

/**
 * Whether a label means "complaint" in this workspace: the default names, and every label a complaint workflow
 * (one whose conditions read the detector's score) adds, such as the team's own label mapped in the preset.
 */
export async function complaintLabels(tx: DbOrTx): Promise<(label: string) => boolean> {
  const rows = rowsOf<{ label: string }>(
    await tx.execute(sql`
    select distinct a->>'label' as label
    from workflows w join workflow_versions v on v.id = w.current_version_id, jsonb_array_elements(v.definition->'actions') a
    where w.deleted_at is null and a->>'type' = 'add_label' and a->>'label' is not null
      and (v.definition->'conditions')::text like '%message.complaintScore%'`),
  );
  const names = new Set([...COMPLAINT_LABELS, ...rows.map((r) => fold(r.label))]);
  return (label) => names.has(fold(label));
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
