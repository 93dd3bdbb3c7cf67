import { describe, expect, it } from 'vitest';
import { daysInHours, dotReadsAsDecimal, fromSegment, isUnfinished, ruleProblem, toSegment, type SegmentRule } from './segment';
import { conditionSchema } from '../../../../workflows/conditions/schema.ts';

describe('toSegment', () => {
  it('builds a condition tree the workflow engine accepts', () => {
    const segment = toSegment([
      { field: 'contact.language', op: 'eq', value: 'tr' },
      { field: '', op: 'has_label', value: 'vip' },
      { field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: '90' },
      { field: 'contact.birthday', op: 'exists', value: '' },
    ]);
    expect(segment).toEqual({
      all: [
        { field: 'contact.language', op: 'eq', value: 'tr' },
        { op: 'has_label', value: 'vip' },
        { field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: 90 },
        { field: 'contact.birthday', op: 'exists' },
      ],
    });
    expect(conditionSchema.safeParse(segment).success).toBe(true);
  });

  it('skips rows that are not finished yet', () => {
    expect(
      toSegment([
        { field: 'contact.attributes.', op: 'eq', value: 'x' },
        { field: 'contact.language', op: 'eq', value: ' ' },
      ]),
    ).toEqual({ all: [] });
  });
});

describe('fromSegment', () => {
  it("turns a preset's conditions back into rows that build the same tree", () => {
    const complaint = { field: 'message.complaintScore', op: 'gte' as const, value: 0.5 };
    expect(fromSegment(complaint)).toEqual([{ field: 'message.complaintScore', op: 'gte', value: '0.5' }]);
    expect(toSegment(fromSegment(complaint)!)).toEqual({ all: [complaint] });
    expect(fromSegment({ field: 'contact.birthday', op: 'exists' })).toEqual([{ field: 'contact.birthday', op: 'exists', value: '' }]);
    expect(fromSegment(undefined)).toEqual([]);
  });

  it('refuses trees the rows cannot show faithfully', () => {
    expect(fromSegment({ any: [{ op: 'has_label', value: 'vip' }] })).toBeNull();
    expect(fromSegment({ all: [{ field: 'contact.language', op: 'in', value: ['tr', 'en'] }] })).toBeNull();
    expect(fromSegment({ all: [{ field: 'contact.attributes.visits', op: 'eq', value: 3 }] })).toBeNull();
  });
});

describe('negated rows', () => {
  it('sends a negated row as { not: leaf } and reads it back as the same row', () => {
    const rules: SegmentRule[] = [
      { field: 'contact.language', op: 'eq', value: 'tr' },
      { field: 'contact.lastOrderAt', op: 'within_last_days', value: '30', not: true },
    ];
    const tree = toSegment(rules);
    expect(tree).toEqual({ all: [{ field: 'contact.language', op: 'eq', value: 'tr' }, { not: { field: 'contact.lastOrderAt', op: 'within_last_days', value: 30 } }] });
    expect(conditionSchema.safeParse(tree).success).toBe(true);
    expect(fromSegment(tree)).toEqual(rules);
  });

  it('shows the abandoned-cart branch\'s "no order within the wait" as one negated row', () => {
    const noOrder = { not: { field: 'contact.lastOrderAt', op: 'within_last_days' as const, value: 0.5 } };
    expect(fromSegment(noOrder)).toEqual([{ field: 'contact.lastOrderAt', op: 'within_last_days', value: '0.5', not: true }]);
    expect(toSegment(fromSegment(noOrder)!)).toEqual({ all: [noOrder] });
  });

  it('keeps a not of a group, or a not of a not, for the JSON view', () => {
    const vip = { op: 'has_label' as const, value: 'vip' };
    expect(fromSegment({ not: { all: [vip] } })).toBeNull();
    expect(fromSegment({ not: { any: [vip] } })).toBeNull();
    expect(fromSegment({ all: [{ not: { not: vip } }] })).toBeNull();
    expect(fromSegment({ not: { field: 'contact.language', op: 'in', value: ['tr'] } })).toBeNull();
  });
});

describe('event counts in the builder', () => {
  it('turns "times,days" into the engine\'s { times, days } and back, and waits for an event name', () => {
    const rules: SegmentRule[] = [{ field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: '2, 7' }];
    const tree = toSegment(rules);
    expect(tree).toEqual({ all: [{ field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: { times: 2, days: 7 } }] });
    expect(fromSegment(tree)).toEqual([{ field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: '2,7' }]);
    expect(isUnfinished({ field: 'contact.events.', op: 'occurred_at_least', value: '1,30' })).toBe(true);
    expect(isUnfinished({ field: 'contact.events.viewed', op: 'occurred_at_least', value: '0,30' })).toBe(true);
    expect(toSegment([{ field: 'contact.events.viewed', op: 'occurred_at_least', value: 'x' }])).toEqual({ all: [] });
  });
});

describe('numbers in the builder', () => {
  it('says why a number fact or a count of days cannot take the typed value, and leaves that row out', () => {
    const spent = (value: string): SegmentRule => ({ field: 'contact.totalSpent', op: 'gte', value });
    expect(ruleProblem(spent('abc'))).toBe('automation.err.number');
    expect(ruleProblem(spent('1.500,50'))).toBe('automation.err.number');
    expect(ruleProblem({ field: 'contact.lastInboundAt', op: 'within_last_days', value: 'a week' })).toBe('automation.err.days');
    expect(toSegment([spent('abc')])).toEqual({ all: [] });
    expect(isUnfinished(spent('abc'))).toBe(true);
  });

  it('sends a genuine number as a number, and reads a number fact compared for equality back into a row', () => {
    expect(ruleProblem({ field: 'contact.totalSpent', op: 'gte', value: '12.5' })).toBeUndefined();
    expect(ruleProblem({ field: 'contact.lastOrderAt', op: 'gt', value: '2026-01-01' })).toBeUndefined();
    const orders: SegmentRule = { field: 'contact.orders', op: 'eq', value: '3' };
    expect(toSegment([orders])).toEqual({ all: [{ field: 'contact.orders', op: 'eq', value: 3 }] });
    expect(fromSegment({ field: 'contact.orders', op: 'eq', value: 3 })).toEqual([orders]);
  });

  it('says a fraction of a day in hours, as the abandoned-cart wait of 1 hour is stored as 0.041666… days', () => {
    expect(daysInHours({ field: 'contact.lastOrderAt', op: 'within_last_days', value: String(1 / 24) })).toBe(1);
    expect(daysInHours({ field: 'contact.lastOrderAt', op: 'within_last_days', value: '0.5' })).toBe(12);
    expect(daysInHours({ field: 'contact.lastOrderAt', op: 'within_last_days', value: '7' })).toBeUndefined();
    expect(daysInHours({ field: 'contact.totalSpent', op: 'gte', value: '0.5' })).toBeUndefined();
  });

  it('notices a number written with a dot before three digits, which a Turkish writer may mean as thousands', () => {
    expect(dotReadsAsDecimal({ field: 'contact.totalSpent', op: 'gte', value: '1.500' })).toEqual({ read: 1.5, whole: 1500 });
    // Two such dots are no number at all: the row says so as an error instead.
    expect(dotReadsAsDecimal({ field: 'contact.totalSpent', op: 'gte', value: '2.500.000' })).toBeUndefined();
    expect(dotReadsAsDecimal({ field: 'contact.totalSpent', op: 'gte', value: '12.5' })).toBeUndefined();
    expect(dotReadsAsDecimal({ field: 'contact.language', op: 'eq', value: '1.500' })).toBeUndefined();
  });
});
