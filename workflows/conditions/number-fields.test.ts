import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { conditionSchema } from './schema.ts';
import type { Facts } from '../facts.ts';

const issues = (tree: unknown) => conditionSchema.safeParse(tree).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('a number fact compared with a value', () => {
  it('refuses a value that is not a number, so a typo never quietly matches nobody', () => {
    expect(issues({ field: 'contact.orders', op: 'gte', value: 'abc' })).toEqual(['value: contact.orders needs a number like 1500.50, not "abc"']);
    expect(issues({ field: 'contact.totalSpent', op: 'gt', value: '1.500,50' })).toEqual(['value: contact.totalSpent needs a number like 1500.50, not "1.500,50"']);
    expect(issues({ all: [{ field: 'contact.rfm.r', op: 'in', value: [5, 'five'] }] })).toEqual(['all.0.value: contact.rfm.r needs a number like 1500.50, not "five"']);
    expect(issues({ field: 'contact.aov', op: 'eq', value: '0x10' })).toHaveLength(1);
  });

  it('keeps numbers, and stores a number typed as text as the number it is', () => {
    expect(conditionSchema.parse({ field: 'contact.totalSpent', op: 'gte', value: 1500.5 })).toEqual({ field: 'contact.totalSpent', op: 'gte', value: 1500.5 });
    expect(conditionSchema.parse({ field: 'contact.aov', op: 'lt', value: ' 12.5 ' })).toEqual({ field: 'contact.aov', op: 'lt', value: 12.5 });
    expect(conditionSchema.parse({ field: 'contact.orders', op: 'in', value: ['1', 2] })).toEqual({ field: 'contact.orders', op: 'in', value: [1, 2] });
  });

  it('matches the contact once the text is read as a number', () => {
    const facts: Facts = { now: new Date('2026-06-15T12:00:00Z'), contact: { id: 'c1', firstSeenAt: new Date('2025-01-01T00:00:00Z'), aov: 12.5 } };
    expect(evaluate(conditionSchema.parse({ field: 'contact.aov', op: 'eq', value: '12.5' }), facts)).toBe(true);
  });

  it('leaves text on other fields alone: dates and declared text attributes order as text', () => {
    expect(conditionSchema.parse({ field: 'contact.lastOrderAt', op: 'gt', value: '2026-01-01' })).toEqual({ field: 'contact.lastOrderAt', op: 'gt', value: '2026-01-01' });
    expect(conditionSchema.safeParse({ field: 'contact.attributes.tier', op: 'gte', value: 'gold' }).success).toBe(true);
  });
});
