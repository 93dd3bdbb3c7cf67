// The workspace RFM pass over real orders: scores and segments as computed by hand, moved by a refund.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
const order = (externalId: string, who: string, day: number, total: string, status = 'paid') => ({
  externalId,
  contact: { email: `${who}@example.com` },
  placedAt: at(day),
  currency: 'TRY',
  total,
  status,
});

describe('RFM', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  const rfmOf = async (who: string) => {
    const identity = await t.services.database.db.query.contactIdentities.findFirst({ where: (i, { eq }) => eq(i.value, `${who}@example.com`) });
    const { rfm } = (await admin.ok('GET', `/api/contacts/${identity!.contactId}`)).value;
    return rfm && [rfm.r, rfm.f, rfm.m, rfm.segment];
  };

  it('scores five customers by quintile, and a refund moves a customer to another segment', async () => {
    await admin.ok('POST', '/api/orders', {
      orders: [
        order('p1', 'p', 30, '100.00'),
        order('p2', 'p', 40, '100.00'),
        order('p3', 'p', 50, '100.00'),
        order('q1', 'q', 35, '100.00'),
        order('q2', 'q', 40, '100.00'),
        order('r1', 'r', 30, '50.00'),
        order('s1', 's', 20, '40.00'),
        order('t1', 't', 10, '30.00'),
      ],
    });
    expect(await rfmOf('p')).toBe(null); // the pass is debounced, never run on the read path
    await t.services.valuePass.runNow();
    // n = 5: score = 1 + customers strictly lower. Recency T<S<R<Q<P, frequency 1,1,1,2,3, monetary 30<40<50<200<300.
    expect(await Promise.all(['p', 'q', 'r', 's', 't'].map(rfmOf))).toEqual([
      [5, 5, 5, 'Champions'],
      [4, 4, 4, 'Loyal'],
      [3, 1, 3, 'Need attention'],
      [2, 1, 2, 'Hibernating'],
      [1, 1, 1, 'Lost'],
    ]);
    // Q's latest order is refunded: one order on day 35 → R stays 4, F drops to 1 (tied with R, S, T) → Promising.
    await admin.ok('POST', '/api/orders', { orders: [order('q2', 'q', 40, '100.00', 'refunded')] });
    await t.services.valuePass.runNow();
    expect(await rfmOf('q')).toEqual([4, 1, 4, 'Promising']);
  });

  it('lets segments and conditions use orders, totalSpent, aov, lastOrderAt and rfm.segment', async () => {
    const count = async (conditions: unknown) => (await admin.ok('POST', '/api/segments/preview', { conditions })).count;
    // After the refund above: P 3 orders / 300.00, Q 1 / 100.00, R 1 / 50.00, S 1 / 40.00, T 1 / 30.00.
    expect(await count({ field: 'contact.orders', op: 'gte', value: 3 })).toBe(1);
    expect(await count({ field: 'contact.totalSpent', op: 'gt', value: 45 })).toBe(3);
    expect(await count({ field: 'contact.aov', op: 'eq', value: 100 })).toBe(2);
    expect(await count({ field: 'contact.lastOrderAt', op: 'before', value: at(25) })).toBe(2);
    expect(await count({ field: 'contact.rfm.segment', op: 'in', value: ['Champions', 'Promising'] })).toBe(2);
    expect(
      await count({
        all: [
          { field: 'contact.orders', op: 'eq', value: 0 },
          { field: 'contact.email', op: 'exists' },
        ],
      }),
    ).toBe(0);
  });

  it('refuses a number fact compared with text that is not a number, and reads a number typed as text', async () => {
    for (const value of ['abc', '1.500,50']) {
      const refused = await admin.call('POST', '/api/segments/preview', { conditions: { field: 'contact.totalSpent', op: 'gt', value } });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', message: `conditions.value: contact.totalSpent needs a number like 1500.50, not ${JSON.stringify(value)}` });
    }
    const saving = await admin.call('POST', '/api/segments', { name: 'Big spenders', conditions: { field: 'contact.totalSpent', op: 'gt', value: 'abc' } });
    expect(saving.status).toBe(422);
    expect((await admin.ok('GET', '/api/segments')).items).toEqual([]);
    const count = async (conditions: unknown) => (await admin.ok('POST', '/api/segments/preview', { conditions })).count;
    expect(await count({ field: 'contact.totalSpent', op: 'gt', value: '45' })).toBe(3);
    expect(await count({ field: 'contact.aov', op: 'eq', value: '100.0' })).toBe(2);
  });

  it('refuses an RFM segment that is not one of the codes, such as its Turkish name', async () => {
    const refused = await admin.call('POST', '/api/segments/preview', { conditions: { field: 'contact.rfm.segment', op: 'eq', value: 'Şampiyonlar' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.message).toMatch(/^conditions\.value: "Şampiyonlar" is no RFM segment: use one of Champions, Loyal, /);
  });
});
