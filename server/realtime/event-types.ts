// Every domain event type the server records; the web app subscribes to exactly these (a shared list cannot drift).
// Dependency-free on purpose: the browser bundle imports it.
export const DOMAIN_EVENT_TYPES = [
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
  /** Customer value: a new order stored, a tracked customer event, an RFM segment change, a buyer entering churn risk. */
  'order.placed',
  'event.tracked',
  'rfm.segment_changed',
  'churn_risk.entered',
  /** A webhook subscription was turned off after repeated failures: a notice for admins. */
  'webhook.disabled',
] as const;

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];
