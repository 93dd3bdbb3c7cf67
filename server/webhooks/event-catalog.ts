// The event types a webhook can subscribe to, and the one mapping from domain events to them.
// Dependency-free on purpose: the web app's settings page imports the list.

export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'message.status_changed',
  'message.updated',
  'conversation.created',
  'conversation.updated',
  'conversation.resolved',
  'contact.created',
  'contact.updated',
  'contact.merged',
  'campaign.completed',
  'campaign.cancelled',
  'workflow.run_completed',
  'workflow.run_exited',
  'workflow.run_failed',
  'order.placed',
  'event.tracked',
  'rfm.segment_changed',
  'churn_risk.entered',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The fields of a stored domain event the mapping reads. */
export interface DomainEventLike {
  type: string;
  contactId: string | null;
  conversationId: string | null;
  messageId: string | null;
  payload: Record<string, unknown>;
}

export interface WebhookEvent {
  type: WebhookEventType;
  /** Deliveries with the same key reach one endpoint in event order; null when order does not matter. */
  orderKey: string | null;
}

/**
 * Inbound and outbound messages are both `message.created`; a status change is a `message.updated` that carries a
 * status, and any other `message.updated` (an edit, a reaction, a file that was pending arriving) is `message.updated`. A reopen is a conversation update; a merge is told apart from
 * other contact updates by the `mergedFrom` it carries. Customer value events (an order placed, a tracked event, an RFM
 * segment change, entering churn risk) and workflow run outcomes keep their domain names and are ordered per contact;
 * a campaign's end (completed or cancelled, once each campaign) needs no order.
 */
export function webhookEventFor(event: DomainEventLike): WebhookEvent | undefined {
  const type = mappedType(event);
  if (!type) return undefined;
  const orderKey = event.conversationId ? `conversation:${event.conversationId}` : event.contactId ? `contact:${event.contactId}` : null;
  return { type, orderKey };
}

function mappedType(event: DomainEventLike): WebhookEventType | undefined {
  switch (event.type) {
    case 'message.received':
    case 'message.created':
      return 'message.created';
    case 'message.updated':
      return typeof event.payload.status === 'string' ? 'message.status_changed' : 'message.updated';
    case 'conversation.created':
    case 'conversation.updated':
    case 'conversation.resolved':
    case 'contact.created':
    case 'campaign.completed':
    case 'campaign.cancelled':
    case 'workflow.run_completed':
    case 'workflow.run_exited':
    case 'workflow.run_failed':
    case 'order.placed':
    case 'event.tracked':
    case 'rfm.segment_changed':
    case 'churn_risk.entered':
      return event.type;
    case 'conversation.reopened':
      return 'conversation.updated';
    case 'contact.updated':
      return event.payload.mergedFrom ? 'contact.merged' : 'contact.updated';
    default:
      return undefined;
  }
}

/**
 * The domain event types each webhook event can come from: the reverse of the mapping above (which also reads the
 * payload), so a query can read only the domain events a subscription may want.
 */
const SOURCES: Record<WebhookEventType, readonly string[]> = {
  'message.created': ['message.received', 'message.created'],
  'message.status_changed': ['message.updated'],
  'message.updated': ['message.updated'],
  'conversation.created': ['conversation.created'],
  'conversation.updated': ['conversation.updated', 'conversation.reopened'],
  'conversation.resolved': ['conversation.resolved'],
  'contact.created': ['contact.created'],
  'contact.updated': ['contact.updated'],
  'contact.merged': ['contact.updated'],
  'campaign.completed': ['campaign.completed'],
  'campaign.cancelled': ['campaign.cancelled'],
  'workflow.run_completed': ['workflow.run_completed'],
  'workflow.run_exited': ['workflow.run_exited'],
  'workflow.run_failed': ['workflow.run_failed'],
  'order.placed': ['order.placed'],
  'event.tracked': ['event.tracked'],
  'rfm.segment_changed': ['rfm.segment_changed'],
  'churn_risk.entered': ['churn_risk.entered'],
};

export function domainTypesFor(types: readonly string[]): string[] {
  return [...new Set(types.flatMap((type) => SOURCES[type as WebhookEventType] ?? []))];
}
