// The workspace RFM pass over real orders: scores and segments as computed by hand, moved by a refund.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
const order = (externalId: string, who: string, day: number, total: string, status = 'paid') => ({ externalId, contact: { email: `${who}@example.com` }, placedAt: at(day), currency: 'TRY', total, status });

describe('RFM', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
  });
  afterAll(() => t.close());

  const rfmOf = async (who: string) => {
    const identity = await t.services.database.db.query.contactIdentities.findFirst({ where: (i, { eq }) => eq(i.value, `${who}@example.com`) });
    const { rfm } = (await admin.ok('GET', `/api/contacts/${identity!.contactId}`)).value;
    return rfm && [rfm.r, rfm.f, rfm.m, rfm.segment];
  };

  it('scores five customers by quintile, and a refund moves a customer to another segment', async () => {
    await admin.ok('POST', '/api/orders', { orders: [
      order('p1', 'p', 30, '100.00'), order('p2', 'p', 40, '100.00'), order('p3', 'p', 50, '100.00'),
      order('q1', 'q', 35, '100.00'), order('q2', 'q', 40, '100.00'),
      order('r1', 'r', 30, '50.00'), order('s1', 's', 20, '40.00'), order('t1', 't', 10, '30.00'),
    ] });
    expect(await rfmOf('p')).toBe(null); // the pass is debounced, never run on the read path
    await t.services.valuePass.runNow();
    // n = 5: score = 1 + customers strictly lower. Recency T<S<R<Q<P, frequency 1,1,1,2,3, monetary 30<40<50<200<300.
    expect(await Promise.all(['p', 'q', 'r', 's', 't'].map(rfmOf))).toEqual([
      [5, 5, 5, 'Champions'], [4, 4, 4, 'Loyal'], [3, 1, 3, 'Need attention'], [2, 1, 2, 'Hibernating'], [1, 1, 1, 'Lost'],
    ]);
    // Q's latest order is refunded: one order on day 35 → R stays 4, F drops to 1 (tied with R, S, T) → Promising.
    await admin.ok('POST', '/api/orders', { orders: [order('q2', 'q', 40, '100.00', 'refunded')] });
    await t.services.valuePass.runNow();
    expect(await rfmOf('q')).toEqual([4, 1, 4, 'Promising']);
  });
});
