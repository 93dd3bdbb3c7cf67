import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.ts';
import { evaluate, explain } from './evaluate.ts';
import { type Condition, conditionSchema, MAX_CONDITION_DEPTH } from './schema.ts';

const now = new Date('2026-06-15T12:00:00Z');
const facts: Facts = {
  now,
  contact: {
    id: 'c1',
    firstName: 'İsmail',
    language: 'tr-TR',
    timeZone: 'Europe/Istanbul',
    labels: ['VIP', 'wholesale'],
    consents: { whatsapp: { status: 'opted_in' }, email: { status: 'opted_out' } },
    attributes: { city: 'İSTANBUL', orders: 7, lastOrderAt: '2026-06-01T10:00:00Z', tier: 'gold' },
    firstSeenAt: new Date('2025-01-01T00:00:00Z'),
    lastInboundAt: new Date('2026-02-01T00:00:00Z'),
  },
  message: { text: 'Siparişim IŞIK hızında geldi', channel: 'whatsapp' },
  conversation: { id: 'v1', status: 'open', priority: 'high', labels: ['billing'] },
};

const holds = (tree: Condition) => evaluate(tree, facts);

describe('evaluate', () => {
  it('matches text case-insensitively with Turkish İ and ı', () => {
    expect(holds({ field: 'contact.attributes.city', op: 'eq', value: 'istanbul' })).toBe(true);
    expect(holds({ field: 'contact.firstName', op: 'starts_with', value: 'ismail' })).toBe(true);
    expect(holds({ field: 'message.text', op: 'contains', value: 'ışık' })).toBe(true);
    expect(holds({ field: 'message.text', op: 'not_contains', value: 'iade' })).toBe(true);
  });

  it('combines all, any and not', () => {
    const tree: Condition = {
      all: [
        {
          any: [
            { field: 'contact.language', op: 'in', value: ['en', 'tr-tr'] },
            { field: 'contact.tier', op: 'eq', value: 'x' },
          ],
        },
        { not: { field: 'conversation.status', op: 'eq', value: 'resolved' } },
      ],
    };
    expect(holds(tree)).toBe(true);
    expect(holds({ not: tree })).toBe(false);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({ all: [] })).toBe(true);
  });

  it('compares numbers and reads custom attributes by their short path', () => {
    expect(holds({ field: 'contact.orders', op: 'gt', value: 5 })).toBe(true);
    expect(holds({ field: 'contact.attributes.orders', op: 'lte', value: 6 })).toBe(false);
    expect(holds({ field: 'contact.tier', op: 'nin', value: ['silver', 'bronze'] })).toBe(true);
    expect(holds({ field: 'contact.tier', op: 'neq', value: 'GOLD' })).toBe(false);
  });

  it('checks presence', () => {
    expect(holds({ field: 'contact.email', op: 'not_exists' })).toBe(true);
    expect(holds({ field: 'contact.firstName', op: 'exists' })).toBe(true);
  });

  it('compares dates against each other and against now', () => {
    expect(holds({ field: 'contact.lastInboundAt', op: 'before', value: '2026-03-01' })).toBe(true);
    expect(holds({ field: 'contact.lastInboundAt', op: 'after', value: '2026-03-01' })).toBe(false);
    expect(holds({ field: 'contact.lastOrderAt', op: 'within_last_days', value: 30 })).toBe(true);
    expect(holds({ field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: 90 })).toBe(true);
    expect(holds({ field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: 200 })).toBe(false);
  });

  it('knows labels, consent and the message channel', () => {
    expect(holds({ op: 'has_label', value: 'vip' })).toBe(true);
    expect(holds({ op: 'has_label', field: 'conversation.labels', value: 'billing' })).toBe(true);
    expect(holds({ op: 'has_consent', value: 'whatsapp' })).toBe(true);
    expect(holds({ op: 'has_consent', value: 'email' })).toBe(false);
    expect(holds({ op: 'on_channel', value: 'whatsapp' })).toBe(true);
    expect(holds({ op: 'on_channel', value: ['sms', 'email'] })).toBe(false);
  });

  it('treats a missing fact as not matching rather than throwing', () => {
    expect(holds({ field: 'contact.attributes.nope', op: 'gt', value: 1 })).toBe(false);
    expect(holds({ field: 'message.nope.deeper', op: 'eq', value: 'x' })).toBe(false);
  });
});

describe('explain', () => {
  it('lists the leaves that failed, with their path and actual value', () => {
    const tree: Condition = {
      all: [
        { op: 'has_label', value: 'vip' },
        { field: 'contact.orders', op: 'gte', value: 10 },
        {
          any: [
            { op: 'has_consent', value: 'email' },
            { op: 'has_consent', value: 'sms' },
          ],
        },
      ],
    };
    const failed = explain(tree, facts);
    expect(failed.map((f) => f.path)).toEqual(['all[1]', 'all[2].any[0]', 'all[2].any[1]']);
    expect(failed[0].message).toContain('contact.orders gte 10 was false (actual: 7)');
  });

  it('is empty when the tree holds', () => {
    expect(explain({ op: 'has_label', value: 'VIP' }, facts)).toEqual([]);
  });
});

describe('conditionSchema', () => {
  it('rejects a leaf without the field or value its operator needs', () => {
    expect(conditionSchema.safeParse({ op: 'eq', value: 1 }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'contact.orders', op: 'in', value: 3 }).success).toBe(false);
    expect(conditionSchema.safeParse({ all: [{ field: 'contact.email', op: 'exists' }] }).success).toBe(true);
  });

  it('refuses a tree nested deeper than 32 levels, however deep, without walking it recursively', () => {
    const nest = (levels: number): Condition => {
      let node: Condition = { field: 'contact.email', op: 'exists' };
      for (let i = 1; i < levels; i++) node = i % 2 ? { not: node } : { any: [node] };
      return node;
    };
    expect(conditionSchema.safeParse(nest(MAX_CONDITION_DEPTH)).success).toBe(true);
    const deeper = conditionSchema.safeParse(nest(MAX_CONDITION_DEPTH + 1));
    expect(deeper.error?.issues.map((i) => i.message)).toEqual(['conditions nest more than 32 levels deep']);
    expect(conditionSchema.safeParse(nest(100_000)).success).toBe(false);
  });
});
