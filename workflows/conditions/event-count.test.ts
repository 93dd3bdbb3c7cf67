// Event-count leaves: "did cart_abandoned at least N times in the last D days", over the facts' occurrence times.
import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.ts';
import { evaluate } from './evaluate.ts';
import { conditionSchema, eventNamesIn, type Condition } from './schema.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const facts = (events: Record<string, Date[]>): Facts => ({ now, contact: { id: 'c1', firstSeenAt: ago(400), events } });
const leaf = (name: string, times: number, days: number): Condition => ({ field: `contact.events.${name}`, op: 'occurred_at_least', value: { times, days } });

describe('occurred_at_least', () => {
  const f = facts({ cart_abandoned: [ago(1), ago(3), ago(6.9), ago(8)], 'order.shipped': [ago(2)] });

  it('counts only the occurrences inside the last D days', () => {
    expect(evaluate(leaf('cart_abandoned', 3, 7), f)).toBe(true);
    expect(evaluate(leaf('cart_abandoned', 4, 7), f)).toBe(false);
    expect(evaluate(leaf('cart_abandoned', 4, 8), f)).toBe(true);
    expect(evaluate(leaf('cart_abandoned', 1, 0.5), f)).toBe(false);
  });

  it('counts an event never seen (or not loaded) as zero, and reads names with dots', () => {
    expect(evaluate(leaf('product_viewed', 1, 30), f)).toBe(false);
    expect(evaluate({ not: leaf('product_viewed', 1, 30) }, f)).toBe(true);
    expect(evaluate(leaf('order.shipped', 1, 7), f)).toBe(true);
    expect(evaluate(leaf('cart_abandoned', 1, 7), facts({}))).toBe(false);
  });

  it('ignores occurrences after now (a clock behind the shop)', () => {
    expect(evaluate(leaf('x', 1, 7), facts({ x: [new Date(now.getTime() + 60_000)] }))).toBe(false);
  });

  it('refuses a malformed leaf in words', () => {
    const bad = (c: unknown) => conditionSchema.safeParse(c).error?.issues.map((i) => i.message);
    expect(bad(leaf('cart_abandoned', 2, 7))).toBeUndefined();
    expect(bad({ field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: { times: 0, days: 7 } })).toEqual(['operator occurred_at_least needs { times: 1–1000, days: 1–365 }']);
    expect(bad({ field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: 3 })).toEqual(['operator occurred_at_least needs { times: 1–1000, days: 1–365 }']);
    expect(bad({ field: 'contact.orders', op: 'occurred_at_least', value: { times: 1, days: 7 } })).toEqual(['operator occurred_at_least reads contact.events.<event name>']);
  });

  it('lists the events a tree counts', () => {
    expect(eventNamesIn({ all: [leaf('a', 1, 1), { any: [{ not: leaf('b', 1, 1) }, { field: 'contact.orders', op: 'gt', value: 1 }] }, leaf('a', 2, 2)] }).sort()).toEqual(['a', 'b']);
  });
});

describe('churnRisk fact', () => {
  it('is a plain boolean condition', () => {
    const at = (churnRisk: boolean): Facts => ({ now, contact: { id: 'c1', firstSeenAt: now, churnRisk } });
    expect(evaluate({ field: 'contact.churnRisk', op: 'eq', value: true }, at(true))).toBe(true);
    expect(evaluate({ field: 'contact.churnRisk', op: 'eq', value: true }, at(false))).toBe(false);
  });
});
