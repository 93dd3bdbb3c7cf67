import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.ts';
import type { AttributeType } from '../attributes/attribute-types.ts';
import { evaluate } from './evaluate.ts';

const now = new Date('2026-06-01T12:00:00Z');
const facts = (attributes: Record<string, unknown>, attributeTypes?: Record<string, AttributeType>): Facts => ({
  contact: { id: 'c1', firstSeenAt: now, attributes, attributeTypes },
  now,
});

describe('conditions on declared custom attributes', () => {
  it('compares an imported number stored as text as a number', () => {
    const f = facts({ spend: '1012' }, { spend: 'number' });
    expect(evaluate({ field: 'contact.attributes.spend', op: 'gt', value: 1000 }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'gt', value: '1000' }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'lt', value: 999 }, f)).toBe(false);
    expect(evaluate({ field: 'contact.spend', op: 'gte', value: 1012 }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'eq', value: 1012 }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'in', value: ['5', 1012] }, f)).toBe(true);
  });

  it('compares 9 and 10 as numbers, not as text', () => {
    expect(evaluate({ field: 'contact.attributes.spend', op: 'lt', value: 10 }, facts({ spend: '9' }, { spend: 'number' }))).toBe(true);
  });

  it('never reads a number written as text as a year when no type is declared', () => {
    const f = facts({ spend: '1012' });
    expect(evaluate({ field: 'contact.attributes.spend', op: 'gt', value: '1000' }, f)).toBe(false);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'lt', value: '1000' }, f)).toBe(false);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'gt', value: 1000 }, f)).toBe(false);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'gt', value: 1000 }, facts({ spend: 1012 }))).toBe(true);
  });

  it('compares a declared date as a date, whatever way it was written', () => {
    const f = facts({ joined: '15.03.2024' }, { joined: 'date' });
    expect(evaluate({ field: 'contact.attributes.joined', op: 'before', value: '2024-04-01' }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.joined', op: 'after', value: '2024-03-15' }, f)).toBe(false);
    expect(evaluate({ field: 'contact.attributes.joined', op: 'eq', value: '2024-03-15' }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.joined', op: 'more_than_days_ago', value: 365 }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.joined', op: 'within_last_days', value: 30 }, f)).toBe(false);
  });

  it('does not match a value that does not read as its declared type', () => {
    const f = facts({ spend: 'lots' }, { spend: 'number' });
    expect(evaluate({ field: 'contact.attributes.spend', op: 'gt', value: 0 }, f)).toBe(false);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'lte', value: 0 }, f)).toBe(false);
    expect(evaluate({ field: 'contact.attributes.spend', op: 'exists' }, f)).toBe(false);
  });

  it('reads declared booleans and lists', () => {
    const f = facts({ vip: 'evet', tags: 'gold; early' }, { vip: 'boolean', tags: 'list' });
    expect(evaluate({ field: 'contact.attributes.vip', op: 'eq', value: true }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.vip', op: 'eq', value: 'yes' }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.tags', op: 'contains', value: 'early' }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.tags', op: 'contains', value: 'ear' }, f)).toBe(false);
  });

  it('orders declared text alphabetically, never as a date', () => {
    const f = facts({ code: '1012' }, { code: 'text' });
    expect(evaluate({ field: 'contact.attributes.code', op: 'gt', value: '1000' }, f)).toBe(true);
    expect(evaluate({ field: 'contact.attributes.code', op: 'gt', value: '9' }, f)).toBe(false);
  });
});
