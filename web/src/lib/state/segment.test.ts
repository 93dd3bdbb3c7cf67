import { describe, expect, it } from 'vitest';
import { fromSegment, toSegment } from './segment';
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
