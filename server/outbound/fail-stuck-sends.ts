// A reply still queued a day after it was written will not go out by itself (a WhatsApp phone offline for a day,
// a channel paused): it is marked failed, in words, so the agent sees it and can send it again.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { leaseFree } from './lease.ts';
import { SENDING } from './message-status.ts';
import { tsParam, type Database } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { recordEvents, transact } from '../events/record-event.ts';

export const STUCK_AFTER_MS = 24 * 60 * 60_000;

export async function failStuckSends(deps: { database: Database; now(): Date }): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - STUCK_AFTER_MS);
  return transact(deps.database, async (tx) => {
    const failed = await tx
      .update(messages)
      .set({
        status: 'failed',
        errorCode: 'TEMPORARY',
        statusAt: deps.now(),
        errorMessage: 'Not sent within 24 hours: the channel was not connected or kept refusing. Send it again once it works.',
      })
      // Not one a worker is sending right now (its outcome is about to be known), nor one its paused campaign holds.
      .where(
        and(
          inArray(messages.status, SENDING),
          // A day after it was written, or after an agent last sent it again: a retried reply gets its own day.
          sql`coalesce(${messages.statusAt}, ${messages.sentAt}) < ${tsParam(cutoff)}`,
          eq(messages.direction, 'out'),
          leaseFree(messages.sendingUntil),
          sql`not exists (select 1 from campaigns c where c.id = (${messages.metadata}->>'campaignId')::uuid and c.status = 'paused')`,
        ),
      )
      .returning({ id: messages.id, conversationId: messages.conversationId, contactId: messages.contactId });
    // A job for one of them that wakes later finds it no longer queued and leaves it alone.
    await recordEvents(
      tx,
      failed.map((m) => ({ type: 'message.updated' as const, messageId: m.id, conversationId: m.conversationId, contactId: m.contactId, payload: { status: 'failed', code: 'TEMPORARY' } })),
    );
    return failed.length;
  });
}
