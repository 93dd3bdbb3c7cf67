// A bounce that arrives after the mail server accepted the message (a delivery-status report hours later): the
// message it returns becomes failed as a refused address, so its campaign counts it as bounced, not as sent.
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { InboundMessage } from '../../connectors/channel.ts';
import type { Tx } from '../db/client.ts';
import { contactIdentities, messages } from '../db/schema/index.ts';
import { recordEvent } from '../events/record-event.ts';
import { statusesThatMayBecome } from './message-status.ts';

/** A report without the returned Message-ID is matched to the latest message sent to its recipient within this time. */
const RECIPIENT_MATCH_DAYS = 14;

/** Returns the failed message's id, or null when the report matches no message this channel sent. */
export async function failBouncedMessage(tx: Tx, channelId: string, bounce: NonNullable<InboundMessage['bounce']>, now: Date): Promise<string | null> {
  // Only a message the mail server accepted can come back; a queued one to the same address has not been sent yet.
  const sentOut = and(eq(messages.channelId, channelId), eq(messages.direction, 'out'), eq(messages.status, 'sent'));
  let target: { id: string } | undefined;
  if (bounce.originalMessageId) {
    [target] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(sentOut, eq(messages.emailMessageId, bounce.originalMessageId)))
      .limit(1);
  }
  if (!target && bounce.recipient) {
    [target] = await tx
      .select({ id: messages.id })
      .from(messages)
      .innerJoin(contactIdentities, and(eq(contactIdentities.contactId, messages.contactId), eq(contactIdentities.kind, 'email'), eq(contactIdentities.value, bounce.recipient.trim().toLowerCase())))
      .where(and(sentOut, gt(messages.sentAt, sql`${now.toISOString()}::timestamptz - make_interval(days => ${RECIPIENT_MATCH_DAYS})`)))
      .orderBy(desc(messages.sentAt))
      .limit(1);
  }
  if (!target) return null;
  const [row] = await tx
    .update(messages)
    .set({ status: 'failed', statusAt: now, errorCode: 'INVALID_RECIPIENT', errorMessage: (bounce.reason ?? 'bounced').slice(0, 500) })
    .where(and(eq(messages.id, target.id), inArray(messages.status, statusesThatMayBecome('failed'))))
    .returning({ id: messages.id, conversationId: messages.conversationId, contactId: messages.contactId });
  if (!row) return null;
  await recordEvent(tx, { type: 'message.updated', messageId: row.id, conversationId: row.conversationId, contactId: row.contactId, payload: { status: 'failed', code: 'INVALID_RECIPIENT' } });
  return row.id;
}
