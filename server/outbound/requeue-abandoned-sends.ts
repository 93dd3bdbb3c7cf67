// A worker that died while sending leaves its reply claimed: once the claim runs out the reply gets a fresh job,
// so no reply stays queued with nothing that will move it (the job that held it may already be gone).
import { and, eq, inArray } from 'drizzle-orm';
import { leaseRanOut } from './lease.ts';
import { SENDING } from './message-status.ts';
import type { Database } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { QUEUES, type JobQueue } from '../jobs/job-queue.ts';
import { transact } from '../events/record-event.ts';
import { inServiceLane } from './lanes.ts';

export async function requeueAbandonedSends(deps: { database: Database; jobs: JobQueue }): Promise<number> {
  return transact(deps.database, async (tx) => {
    const abandoned = await tx
      .update(messages)
      .set({ sendingUntil: null })
      // Marketing messages are not here: the marketing lane claims lapsed ones itself.
      .where(and(inArray(messages.status, SENDING), eq(messages.direction, 'out'), inServiceLane, leaseRanOut(messages.sendingUntil)))
      .returning({ id: messages.id });
    // A new attempt count: the dead worker's attempt told us nothing about the channel.
    await deps.jobs.sendMany(
      QUEUES.outboundSend,
      abandoned.map((m) => ({ data: { messageId: m.id, attempt: 1 } })),
      { tx },
    );
    return abandoned.length;
  });
}
