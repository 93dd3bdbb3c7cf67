// Outbound webhooks: subscriptions, Standard Webhooks signing, durable ordered delivery with retries, replay.
export { WEBHOOK_EVENT_TYPES, webhookEventFor, type WebhookEventType } from './event-catalog.ts';
export { createSubscription, deleteSubscription, getSubscription, listSubscriptions, rotateSecret, subscriptionView, updateSubscription } from './subscriptions.ts';
export { listDeliveries } from './delivery-log.ts';
export { replayDeliveries } from './replay-deliveries.ts';
export { sendTestEvent } from './send-test-event.ts';
export { runWebhookTick } from './run-webhook-tick.ts';
export { fanOutEvents } from './fan-out-events.ts';
export { deliverDue } from './deliver-due.ts';
export { startWebhookWorker, webhookDeps } from './start-webhook-worker.ts';
export type { WebhookDeps } from './webhook-deps.ts';
