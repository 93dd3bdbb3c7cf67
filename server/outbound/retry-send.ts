// An agent sends a failed reply again (the channel is fixed, the outage is over): back to queued, a fresh job, same message.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { statusesThatMayBecome } from './message-status.ts';
import type { Database } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { enqueueSend } from './lanes.ts';
import { recordEvent, transact } from '../events/record-event.ts';

export async function retrySend(deps: { database: Database; jobs: JobQueue; now(): Date }, messageId: string, userId: string) {
  return transact(deps.database, async (tx) => {
    const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
    if (!message || message.direction !== 'out' || message.private) throw notFound('message');
    if (!statusesThatMayBecome('queued').includes(message.status)) throw new AppError(409, 'not_failed', `Only a failed message can be sent again; this one is ${message.status}`);
    const retries = Number(message.metadata.retries ?? 0) + 1;
    const [queued] = await tx
      .update(messages)
      .set({
        status: 'queued',
        errorCode: null,
        errorMessage: null,
        statusAt: deps.now(),
        sendingUntil: null,
        metadata: sql`${messages.metadata} - 'attempts' - 'lastError' || ${JSON.stringify({ retriedBy: userId, retries })}::jsonb`,
      })
      .where(and(eq(messages.id, message.id), inArray(messages.status, statusesThatMayBecome('queued'))))
      .returning();
    // A job id of its own per retry (the first job's id, the message id, is taken); marketing is claimed by its lane.
    await enqueueSend(deps.jobs, message, { tx });
    await recordEvent(tx, { type: 'message.updated', messageId: message.id, conversationId: message.conversationId, contactId: message.contactId, payload: { status: 'queued', retry: retries } });
    return queued!;
  });
}
