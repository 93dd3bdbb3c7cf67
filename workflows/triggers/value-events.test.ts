// Customer-value triggers: order.placed (first, nth, over an amount), event.tracked (name, properties),
// rfm.segment_changed (into, out of), churn_risk.entered; orders and events from long ago are history.
import { describe, expect, it } from 'vitest';
import type { Trigger } from '../model.ts';
import { triggerSchema } from '../model.ts';
import { explainEventMatch, type DomainEvent } from './event.ts';

const now = new Date('2026-06-01T12:00:00Z');
const order = (nth: number, amount: number | null, placedAt = now): DomainEvent => ({ type: 'order.placed', id: 'e1', contactId: 'c1', recordedAt: now, order: { nth, amount, placedAt } });
const tracked = (name: string, properties: Record<string, unknown> = {}, occurredAt = now): DomainEvent => ({
  type: 'event.tracked',
  id: 'e2',
  contactId: 'c1',
  recordedAt: now,
  tracked: { name, properties, occurredAt },
});
const trigger = (t: object): Trigger => triggerSchema.parse({ type: 'event', ...t });
const reason = (t: object, e: DomainEvent) => {
  const m = explainEventMatch(trigger(t), e);
  return m.matches ? 'match' : m.reason;
};

describe('order.placed trigger', () => {
  it('filters on the nth order and on a minimum amount in the workspace currency', () => {
    expect(reason({ event: 'order.placed' }, order(3, 10))).toBe('match');
    expect(reason({ event: 'order.placed', nth: 1 }, order(1, 10))).toBe('match');
    expect(reason({ event: 'order.placed', nth: 1 }, order(2, 10))).toBe('filter');
    expect(reason({ event: 'order.placed', minAmount: 500 }, order(1, 500))).toBe('match');
    expect(reason({ event: 'order.placed', minAmount: 500 }, order(1, 499.99))).toBe('filter');
    // No rate for its currency yet: the amount is unknown, so it is not "over" anything.
    expect(reason({ event: 'order.placed', minAmount: 0 }, order(1, null))).toBe('filter');
  });

  it('treats an order placed more than a day before it reached us as history (a backfill)', () => {
    expect(reason({ event: 'order.placed' }, order(1, 10, new Date(now.getTime() - 86_400_000)))).toBe('match');
    expect(reason({ event: 'order.placed' }, order(1, 10, new Date(now.getTime() - 86_400_001)))).toBe('history');
  });
});

describe('event.tracked trigger', () => {
  it('filters on the event name and on property values (text compared case-insensitively)', () => {
    expect(reason({ event: 'event.tracked', name: 'cart_abandoned' }, tracked('cart_abandoned'))).toBe('match');
    expect(reason({ event: 'event.tracked', name: 'cart_abandoned' }, tracked('product_viewed'))).toBe('filter');
    const t = { event: 'event.tracked', name: 'cart_abandoned', properties: { store: 'İstanbul', items: 2, gift: true } };
    expect(reason(t, tracked('cart_abandoned', { store: 'istanbul', items: 2, gift: true, other: 'x' }))).toBe('match');
    expect(reason(t, tracked('cart_abandoned', { store: 'istanbul', items: '2', gift: true }))).toBe('filter');
    expect(reason(t, tracked('cart_abandoned', { items: 2, gift: true }))).toBe('filter');
    expect(reason({ event: 'event.tracked' }, tracked('cart_abandoned', {}, new Date('2026-01-01T00:00:00Z')))).toBe('history');
  });

  it('is never started by automation (loop guard)', () => {
    expect(reason({ event: 'event.tracked' }, { ...tracked('x'), causedByAutomation: true })).toBe('loop-guard');
  });
});

describe('rfm.segment_changed and churn_risk.entered triggers', () => {
  const change = (from: string | null, to: string): DomainEvent => ({ type: 'rfm.segment_changed', id: 'e3', contactId: 'c1', rfm: { from, to } });
  it('filters on the segment entered and the segment left', () => {
    expect(reason({ event: 'rfm.segment_changed', to: ['Champions'] }, change('Loyal', 'Champions'))).toBe('match');
    expect(reason({ event: 'rfm.segment_changed', to: ['Champions'] }, change('Champions', 'Loyal'))).toBe('filter');
    expect(reason({ event: 'rfm.segment_changed', from: ['Champions', 'Loyal'] }, change('Loyal', 'At risk'))).toBe('match');
    expect(reason({ event: 'rfm.segment_changed', from: ['Champions'] }, change(null, 'New'))).toBe('filter');
  });

  it('matches churn_risk.entered and nothing else', () => {
    expect(reason({ event: 'churn_risk.entered' }, { type: 'churn_risk.entered', id: 'e4', contactId: 'c1' })).toBe('match');
    expect(reason({ event: 'churn_risk.entered' }, change('Loyal', 'At risk'))).toBe('other-event');
  });
});
