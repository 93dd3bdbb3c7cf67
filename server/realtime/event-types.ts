// Every domain event type the server records, and which of them the realtime stream carries to the web app (a shared
// list cannot drift). Dependency-free on purpose: the browser bundle imports it.

/** Streamed to signed-in agents (GET /api/events); the web app subscribes to exactly these. */
export const STREAMED_EVENT_TYPES = [
  'message.received',
  'message.created',
  'message.updated',
  'conversation.created',
  'conversation.updated',
  'conversation.resolved',
  'conversation.reopened',
  'label.added',
  'contact.created',
  'contact.updated',
  'contact.merge_suggested',
  'contact.merge_dismissed',
  'channel.updated',
  'campaign.completed',
  'campaign.cancelled',
  /** Customer value: a new order stored, a tracked customer event (the open profile refreshes; the inbox does not). */
  'order.placed',
  'event.tracked',
  /** A webhook subscription was turned off after repeated failures: a notice for admins. */
  'webhook.disabled',
] as const;

/**
 * Recorded for workflows and integrations (outbound webhooks) and never streamed: they come in bulk and are news to no
 * agent's screen. Deleting a workflow ends thousands of runs at once; the value pass moves thousands of customers between
 * RFM segments and into churn risk.
 */
export const UNSTREAMED_EVENT_TYPES = ['workflow.run_completed', 'workflow.run_exited', 'workflow.run_failed', 'rfm.segment_changed', 'churn_risk.entered'] as const;

export const DOMAIN_EVENT_TYPES = [...STREAMED_EVENT_TYPES, ...UNSTREAMED_EVENT_TYPES] as const;

export type StreamedEventType = (typeof STREAMED_EVENT_TYPES)[number];
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

const streamed: ReadonlySet<string> = new Set(STREAMED_EVENT_TYPES);
export const isStreamedEvent = (type: string): type is StreamedEventType => streamed.has(type);
