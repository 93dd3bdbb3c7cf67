// One pass of the webhook worker: new events become deliveries, then whatever is due is sent.
import { deliverDue, type DeliverResult } from './deliver-due.ts';
import { fanOutEvents, type FanOutResult } from './fan-out-events.ts';
import type { WebhookDeps } from './webhook-deps.ts';

export async function runWebhookTick(deps: WebhookDeps): Promise<FanOutResult & DeliverResult> {
  const fanned = await fanOutEvents(deps);
  const sent = await deliverDue(deps);
  return { ...fanned, ...sent };
}
