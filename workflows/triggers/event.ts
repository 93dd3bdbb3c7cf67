// Event trigger matching, with the loop guard: automation never triggers automation.
import type { ChannelKind } from '../../connectors/channel.ts';
import type { EventType, Trigger } from '../model.ts';

export interface DomainEvent {
  type: EventType | string;
  /** Id of the domain event row; part of the occurrence key. */
  id: string;
  contactId: string;
  /** Set on every event an automation action caused (its message, label, status change). */
  causedByAutomation?: boolean;
  message?: { channel: ChannelKind; autoReply?: boolean; history?: boolean };
  label?: string;
}

export type EventMatch = { matches: true } | { matches: false; reason: 'other-event' | 'loop-guard' | 'auto-reply' | 'history' | 'filter' };

export function explainEventMatch(trigger: Trigger, event: DomainEvent): EventMatch {
  if (trigger.type !== 'event' || trigger.event !== event.type) return { matches: false, reason: 'other-event' };
  if (event.causedByAutomation) return { matches: false, reason: 'loop-guard' };
  // Out-of-office answers and bounces would otherwise answer each other forever.
  if (event.message?.autoReply) return { matches: false, reason: 'auto-reply' };
  if (event.message?.history) return { matches: false, reason: 'history' };
  if (trigger.label && event.label !== trigger.label) return { matches: false, reason: 'filter' };
  if (trigger.channels && (!event.message || !trigger.channels.includes(event.message.channel))) return { matches: false, reason: 'filter' };
  return { matches: true };
}

export function matchesEvent(trigger: Trigger, event: DomainEvent): boolean {
  return explainEventMatch(trigger, event).matches;
}

/** An event starts at most one run per workflow version and contact. */
export function eventOccurrenceKey(event: DomainEvent): string {
  return `event:${event.type}:${event.id}`;
}
