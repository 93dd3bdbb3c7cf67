// Which lane an outbound message travels. Marketing (campaigns, marketing workflow steps) is claimed in batches by the
// marketing lane and never gets a job; everything else (agent replies, service automations) is a job on `outbound-send`.
import { isNull, ne, or, type SQL } from 'drizzle-orm';
import { messages } from '../db/schema/index.ts';
import { QUEUES, type JobQueue } from '../jobs/job-queue.ts';
import type { DbOrTx } from '../db/client.ts';

export type Purpose = 'marketing' | 'service' | null | undefined;

export const inMarketingLane = (purpose: Purpose) => purpose === 'marketing';

/** The same rule over rows: messages the service lane (pg-boss jobs) is responsible for. */
export const inServiceLane: SQL = or(isNull(messages.purpose), ne(messages.purpose, 'marketing'))!;

/** Gives a newly queued message whatever its lane needs to move: a job for service, nothing for marketing (it is claimed). */
export async function enqueueSend(jobs: Pick<JobQueue, 'send'>, message: { id: string; purpose: Purpose }, options: { tx: DbOrTx; jobId?: string }): Promise<void> {
  if (inMarketingLane(message.purpose)) return;
  await jobs.send(QUEUES.outboundSend, { messageId: message.id, attempt: 1 }, { tx: options.tx, ...(options.jobId ? { id: options.jobId } : {}) });
}
