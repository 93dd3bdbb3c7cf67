import { describe, expect, it } from 'vitest';
import { conditionSchema } from './schema.ts';

const issues = (tree: unknown) => conditionSchema.safeParse(tree).error?.issues.map((i) => i.message);
const codes = "Champions, Loyal, Potential loyalists, New, Promising, Need attention, At risk, Can't lose them, Hibernating, Lost";

describe('a condition on the RFM segment', () => {
  it('refuses a name that is no segment code, such as the Turkish name the Analytics screen shows', () => {
    expect(issues({ field: 'contact.rfm.segment', op: 'eq', value: 'Şampiyonlar' })).toEqual([`"Şampiyonlar" is no RFM segment: use one of ${codes}`]);
    expect(issues({ field: 'contact.rfm.segment', op: 'in', value: ['Champions', 'Loyals'] })).toEqual([`"Loyals" is no RFM segment: use one of ${codes}`]);
  });

  it('takes the codes, in any case, as the engine compares them', () => {
    expect(conditionSchema.safeParse({ field: 'contact.rfm.segment', op: 'in', value: ['Champions', "Can't lose them"] }).success).toBe(true);
    expect(conditionSchema.safeParse({ field: 'contact.rfm.segment', op: 'neq', value: 'at risk' }).success).toBe(true);
    expect(conditionSchema.safeParse({ field: 'contact.rfm.segment', op: 'exists' }).success).toBe(true);
  });
});
