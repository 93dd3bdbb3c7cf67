// Applies provider delivery receipts forward-only: a late "sent" never overwrites "delivered"; "failed" is final.
import { and, eq, inArray } from 'drizzle-orm';
import type { DeliveryUpdate } from '../../connectors/channel.ts';
import type { Database } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { statusesThatMayBecome } from './message-status.ts';
import { recordEvent, transact } from '../events/record-event.ts';

export async function applyDeliveryUpdate(database: Database, channelId: string, update: DeliveryUpdate): Promise<boolean> {
  return transact(database, async (tx) => {
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
  });
}
