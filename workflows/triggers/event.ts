// Event trigger matching, with the loop guard: automation never triggers automation.
import type { ChannelKind } from '../../connectors/channel.ts';
import type { EventType, Trigger } from '../model.ts';
import { foldCase } from '../text/fold.ts';

export interface DomainEvent {
  type: EventType | string;
  /** Id of the domain event row; part of the occurrence key. */
  id: string;
  contactId: string;
  /** Set on every event an automation action caused (its message, label, status change). */
  causedByAutomation?: boolean;
  message?: { channel: ChannelKind; autoReply?: boolean; history?: boolean };
  label?: string;
  /** When the event was recorded; an order or tracked event that happened long before is history (see STALE_AFTER_MS). */
  recordedAt?: Date;
  order?: { nth: number; amount: number | null; placedAt: Date };
  tracked?: { name: string; properties: Record<string, unknown>; occurredAt: Date };
  rfm?: { from: string | null; to: string };
}

export type EventMatch = { matches: true } | { matches: false; reason: 'other-event' | 'loop-guard' | 'auto-reply' | 'history' | 'filter' };

/**
 * An order placed, or a customer event that happened, more than a day before it reached us is a backfill (an import
 * of last year's orders), not something to react to now: no thank-you for an order from March.
 */
export const STALE_AFTER_MS = 86_400_000;

function isStale(happenedAt: Date | undefined, recordedAt: Date | undefined): boolean {
  return !!happenedAt && !!recordedAt && recordedAt.getTime() - happenedAt.getTime() > STALE_AFTER_MS;
}

const sameValue = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? foldCase(a) === foldCase(b) : a === b);

export function explainEventMatch(trigger: Trigger, event: DomainEvent): EventMatch {
  if (trigger.type !== 'event' || trigger.event !== event.type) return { matches: false, reason: 'other-event' };
  if (event.causedByAutomation) return { matches: false, reason: 'loop-guard' };
  // Out-of-office answers and bounces would otherwise answer each other forever.
  if (event.message?.autoReply) return { matches: false, reason: 'auto-reply' };
  if (event.message?.history) return { matches: false, reason: 'history' };
  if (isStale(event.order?.placedAt ?? event.tracked?.occurredAt, event.recordedAt)) return { matches: false, reason: 'history' };
  return matchesFilters(trigger, event) ? { matches: true } : { matches: false, reason: 'filter' };
}

function matchesFilters(trigger: Extract<Trigger, { type: 'event' }>, event: DomainEvent): boolean {
  if (trigger.label && event.label !== trigger.label) return false;
  if (trigger.channels && (!event.message || !trigger.channels.includes(event.message.channel))) return false;
  if (trigger.nth !== undefined && event.order?.nth !== trigger.nth) return false;
  // An order in a currency with no rate has no amount yet: it does not pass an amount filter.
  if (trigger.minAmount !== undefined && !(event.order?.amount != null && event.order.amount >= trigger.minAmount)) return false;
  if (trigger.name !== undefined && event.tracked?.name !== trigger.name) return false;
  if (trigger.properties && !Object.entries(trigger.properties).every(([key, value]) => sameValue(event.tracked?.properties[key], value))) return false;
  if (trigger.to && !(event.rfm && trigger.to.includes(event.rfm.to))) return false;
  if (trigger.from && !(event.rfm?.from && trigger.from.includes(event.rfm.from))) return false;
  return true;
}

export function matchesEvent(trigger: Trigger, event: DomainEvent): boolean {
  return explainEventMatch(trigger, event).matches;
}

/** An event starts at most one run per workflow version and contact. */
export function eventOccurrenceKey(event: DomainEvent): string {
  return `event:${event.type}:${event.id}`;
}
