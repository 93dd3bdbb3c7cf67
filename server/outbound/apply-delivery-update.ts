// Applies provider delivery receipts forward-only: a late "sent" never overwrites "delivered"; "failed" is final.
// A receipt for a message not yet recorded as sent (its send is still writing down the provider's id) is kept as an
// early receipt and applied when that record is written (early-receipts.ts).
import { and, eq, inArray } from 'drizzle-orm';
import type { DeliveryUpdate } from '../../connectors/channel.ts';
import type { Database, Tx } from '../db/client.ts';
import { earlyReceipts, messages } from '../db/schema/index.ts';
import { statusesThatMayBecome } from './message-status.ts';
import { recordEvent, transact } from '../events/record-event.ts';

/** True when the receipt moved a message's status; false when it was late (kept as early when no message has its id yet). */
export async function applyDeliveryUpdate(database: Database, channelId: string, update: DeliveryUpdate): Promise<boolean> {
  return transact(database, async (tx) => {
    if (await moveStatus(tx, channelId, update)) return true;
    const [recorded] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.channelId, channelId), eq(messages.direction, 'out'), eq(messages.externalId, update.externalId)))
      .limit(1);
    if (!recorded) {
      const error = update.error ?? null;
      await tx
        .insert(earlyReceipts)
        .values({ channelId, externalId: update.externalId, status: update.status, at: update.at ?? new Date(), errorCode: error?.code, errorMessage: error?.message })
        .onConflictDoNothing();
    }
    return false;
  });
}

/** Moves the outbound message with this provider id to the receipt's status if that is forward, with its event. */
export async function moveStatus(tx: Tx, channelId: string, update: DeliveryUpdate): Promise<boolean> {
  const [row] = await tx
    .update(messages)
    .set({
      status: update.status,
      statusAt: update.at ?? new Date(),
      ...(update.error ? { errorCode: update.error.code, errorMessage: update.error.message } : {}),
    })
    .where(and(eq(messages.channelId, channelId), eq(messages.direction, 'out'), eq(messages.externalId, update.externalId), inArray(messages.status, statusesThatMayBecome(update.status))))
    .returning({ id: messages.id, conversationId: messages.conversationId, contactId: messages.contactId });
  if (!row) return false;
  await recordEvent(tx, {
    type: 'message.updated',
    messageId: row.id,
    conversationId: row.conversationId,
    contactId: row.contactId,
    payload: { status: update.status, ...(update.error ? { code: update.error.code } : {}) },
  });
  return true;
}
