// Edits and reactions change an earlier message instead of adding one; unknown targets fall back to a new message.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { sqlArray } from '../db/sql-array.ts';
import type { InboundMessage, IngestResult } from '../../connectors/channel.ts';
import type { Tx } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { recordEvent } from '../events/record-event.ts';
import { keysOf } from './message-keys.ts';

export async function applyEditOrReaction(tx: Tx, channelId: string, message: InboundMessage): Promise<IngestResult | undefined> {
  const targetKey = message.edit?.of ?? message.reaction?.to;
  if (!targetKey) return undefined;
  // The target may be stored under one of its other keys (WhatsApp's other address for the chat): the first found wins.
  const targetKeys = [targetKey, ...((message.edit ? message.edit.aliases : message.reaction?.aliases) ?? [])];
  const [target] = await tx
    .select({ id: messages.id, conversationId: messages.conversationId, contactId: messages.contactId, text: messages.text, metadata: messages.metadata })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), inArray(messages.idempotencyKey, targetKeys)))
    .orderBy(sql`array_position(${sqlArray(targetKeys, 'text')}, ${messages.idempotencyKey})`)
    .limit(1);
  if (!target) return undefined;
  const result = { messageId: target.id, conversationId: target.conversationId, contactId: target.contactId, created: false };
  // A redelivered edit or reaction carries a key already recorded on the target: nothing changes.
  const recorded = [...((target.metadata.edits as Array<{ key?: string }>) ?? []), ...((target.metadata.reactions as Array<{ key?: string }>) ?? [])];
  const ownKeys = keysOf(message);
  if (recorded.some((r) => r.key !== undefined && ownKeys.includes(r.key))) return result;

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
