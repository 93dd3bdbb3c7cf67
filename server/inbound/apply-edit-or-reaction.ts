// Edits and reactions change an earlier message instead of adding one; unknown targets fall back to a new message.
import { and, eq, sql } from 'drizzle-orm';
import type { InboundMessage, IngestResult } from '../../connectors/channel.ts';
import type { Tx } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { recordEvent } from '../events/record-event.ts';

export async function applyEditOrReaction(tx: Tx, channelId: string, message: InboundMessage): Promise<IngestResult | undefined> {
  const targetKey = message.edit?.of ?? message.reaction?.to;
  if (!targetKey) return undefined;
  const [target] = await tx
    .select({ id: messages.id, conversationId: messages.conversationId, contactId: messages.contactId, text: messages.text, metadata: messages.metadata })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.idempotencyKey, targetKey)));
  if (!target) return undefined;
  const result = { messageId: target.id, conversationId: target.conversationId, contactId: target.contactId, created: false };
  // A redelivered edit or reaction carries a key already recorded on the target: nothing changes.
  const recorded = [...((target.metadata.edits as Array<{ key?: string }>) ?? []), ...((target.metadata.reactions as Array<{ key?: string }>) ?? [])];
  if (recorded.some((r) => r.key === message.idempotencyKey)) return result;

  if (message.edit) {
    const edit = { text: message.text, previous: target.text, at: message.sentAt.toISOString(), key: message.idempotencyKey };
    await tx
      .update(messages)
      .set({
        text: message.text,
        searchText: messageSearchText(message.text),
        metadata: sql`jsonb_set(${messages.metadata}, '{edits}', coalesce(${messages.metadata}->'edits', '[]'::jsonb) || ${JSON.stringify([edit])}::jsonb)`,
      })
      .where(eq(messages.id, target.id));
  } else {
    const reaction = { emoji: message.reaction!.emoji, at: message.sentAt.toISOString(), key: message.idempotencyKey };
    await tx
      .update(messages)
      .set({
        metadata: sql`jsonb_set(${messages.metadata}, '{reactions}', coalesce(${messages.metadata}->'reactions', '[]'::jsonb) || ${JSON.stringify([reaction])}::jsonb)`,
      })
      .where(eq(messages.id, target.id));
  }
  await recordEvent(tx, {
    type: 'message.updated',
    contactId: target.contactId,
    conversationId: target.conversationId,
    messageId: target.id,
    payload: { edit: !!message.edit, reaction: !!message.reaction },
  });
  return result;
}
