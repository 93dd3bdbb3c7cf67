import { describe, expect, it } from 'vitest';
import { toSegment } from './segment';
import { conditionSchema } from '../../../../workflows/conditions/schema.ts';

describe('toSegment', () => {
  it('builds a condition tree the workflow engine accepts', () => {
    const segment = toSegment([
      { field: 'contact.language', op: 'eq', value: 'tr' },
      { field: '', op: 'has_label', value: 'vip' },
      { field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: '90' },
    ]);
    expect(segment).toEqual({
      all: [
        { field: 'contact.language', op: 'eq', value: 'tr' },
        { op: 'has_label', value: 'vip' },
        { field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: 90 },
      ],
    });
    expect(conditionSchema.safeParse(segment).success).toBe(true);
  });

  it('skips rows that are not finished yet', () => {
    expect(toSegment([{ field: 'contact.attributes.', op: 'eq', value: 'x' }, { field: 'contact.language', op: 'eq', value: ' ' }])).toEqual({ all: [] });
  });
});
