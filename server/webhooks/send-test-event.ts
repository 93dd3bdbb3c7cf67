// A signed `webhook.test` event sent at once to a subscription's URL, so an admin sees what the receiver answers
// before (or instead of) waiting for a real event. Not a delivery: it is not logged, retried or counted as a failure.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { webhookSubscriptions } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import { attemptSigned, type AttemptResult } from './attempt-delivery.ts';
import { DEFAULT_TIMEOUT_MS, type WebhookDeps } from './webhook-deps.ts';

const TEST_EVENT_TYPE = 'webhook.test';

export interface TestEventResult extends AttemptResult {
  /** The test's own webhook-id (`evt_test_…`): a receiver that drops repeats by id never takes it for a real event. */
  webhookId: string;
}

/** Works on a disabled subscription too: the way to check a fixed receiver before turning it back on. */
export async function sendTestEvent(deps: Pick<WebhookDeps, 'database' | 'secretKey' | 'egress' | 'now' | 'timeoutMs'>, id: string): Promise<TestEventResult> {
  const [sub] = await deps.database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!sub) throw notFound('webhook');
  const webhookId = `evt_test_${randomUUID()}`;
  const body = JSON.stringify({
    id: webhookId,
    type: TEST_EVENT_TYPE,
    timestamp: deps.now().toISOString(),
    data: { subscriptionId: sub.id, events: sub.events },
  });
  return { webhookId, ...(await attemptSigned(sub, { webhookId, body }, deps.secretKey, deps.now(), deps.egress, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS)) };
}
