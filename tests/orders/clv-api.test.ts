// GET /api/analytics/clv: the purchase model fitted on demand as of a date, and the stored fit from the value pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { loadHistories } from '../../server/value/clv/clv-data.ts';
import { eventually } from '../support/api-channel.ts';

const day = (n: number, hour = 12) => new Date(Date.UTC(2026, 0, 1, hour) + n * 86_400_000).toISOString();

describe('CLV analytics', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp({ now: () => new Date('2026-07-01T09:00:00Z') });
    admin = await Client.admin(t.app);
  });
  afterAll(() => t.close());

  it('says how much data it needs when there is too little', async () => {
    await admin.ok('POST', '/api/orders', { orders: [{ externalId: 'few-1', contact: { email: 'few@example.com' }, placedAt: day(1), currency: 'TRY', total: '10.00' }] });
    const r = await admin.call('GET', '/api/analytics/clv?asOf=2026-06-30');
    expect(r).toEqual({
      status: 422,
      body: {
        error: {
          code: 'not_enough_data',
          message: 'The purchase models need at least 20 customers with a paid order up to 2026-06-30, and 10 of them who bought on more than one day; there are 1 and 0.',
        },
      },
    });
    // With no fit stored, too little data is the same 422 as of today (Istanbul's 2026-07-01), not a 404 saying a fit
    // is on its way: the value pass makes none until there is enough.
    expect(await admin.call('GET', '/api/analytics/clv')).toEqual({
      status: 422,
      body: {
        error: {
          code: 'not_enough_data',
          message: 'The purchase models need at least 20 customers with a paid order up to 2026-07-01, and 10 of them who bought on more than one day; there are 1 and 0.',
        },
      },
    });
    expect((await admin.call('GET', '/api/analytics/clv?asOf=2026-02-30')).status).toBe(422);
    // Found by the API fuzzer: text that is no date at all was a 500 (Invalid Date) instead of a 422.
    for (const asOf of ['7197-33-14', '%FF', 'a%00b', '%E1%A6%B9']) expect((await admin.call('GET', `/api/analytics/clv?asOf=${asOf}`)).status).toBe(422);
  });

  it('counts repeat purchases on distinct days up to the end of asOf', async () => {
    // Istanbul days: 23:30 UTC on day 10 is already day 11 there.
    await admin.ok('POST', '/api/orders', {
      orders: [
        { externalId: 'h-1', contact: { email: 'hist@example.com' }, placedAt: day(3, 8), currency: 'TRY', total: '10.00' },
        { externalId: 'h-2', contact: { email: 'hist@example.com' }, placedAt: day(3, 15), currency: 'TRY', total: '5.00' },
        { externalId: 'h-3', contact: { email: 'hist@example.com' }, placedAt: day(10, 23), currency: 'TRY', total: '30.00' },
        { externalId: 'h-4', contact: { email: 'hist@example.com' }, placedAt: day(17), currency: 'TRY', total: '50.00', status: 'cancelled' },
        { externalId: 'h-5', contact: { email: 'hist@example.com' }, placedAt: day(40), currency: 'TRY', total: '70.00' },
      ],
    });
    const histories = await loadHistories(t.services.database.db, '2026-01-31'); // day 30
    const h = histories.find((x) => x.m === 30)!;
    // First day 3 (Jan 4), repeat day 11 (Jan 12): x = 1, t_x = 8 days, T = end of Jan 4 → end of Jan 31 = 27 days.
    expect(h).toMatchObject({ x: 1, tx: 8 / 7, T: 27 / 7, m: 30 });
  });

  it('fits on demand as of a date, and answers the stored fit once the value pass has run', async () => {
    const orders = [];
    for (let i = 0; i < 30; i++) {
      const who = { email: `c${i}@example.com` };
      orders.push({ externalId: `o-${i}-a`, contact: who, placedAt: day(i), currency: 'TRY', total: `${20 + i}.00` });
      if (i % 3 !== 0) orders.push({ externalId: `o-${i}-b`, contact: who, placedAt: day(i + 20 + (i % 5) * 7), currency: 'TRY', total: `${25 + (i % 7) * 3}.50` });
      if (i % 2 === 0) orders.push({ externalId: `o-${i}-c`, contact: who, placedAt: day(i + 60 + (i % 4) * 9), currency: 'TRY', total: `${30 + (i % 4)}.00` });
    }
    await admin.ok('POST', '/api/orders', { orders });
    const fit = await admin.ok('GET', '/api/analytics/clv?asOf=2026-06-30');
    expect(Object.keys(fit).sort()).toEqual(['asOf', 'customers', 'logLikelihood', 'model', 'params', 'spend', 'unit']);
    expect(fit).toMatchObject({ model: 'bgnbd', unit: 'week', customers: 32, asOf: '2026-06-30' });
    expect(Object.values(fit.params).every((v) => typeof v === 'number' && v > 0)).toBe(true);
    expect(fit.logLikelihood).toBeLessThan(0);

    expect((await admin.call('GET', '/api/analytics/clv')).body.error.code).toBe('no_fit');
    // The pass the API runs within a minute of orders changing, run now (again if it failed: a failed pass is retried).
    const stored = await eventually(async () => {
      await t.services.valuePass.runNow();
      const r = await admin.call('GET', '/api/analytics/clv');
      return r.status === 200 && r.body;
    });
    expect(stored).toMatchObject({ model: 'bgnbd', customers: 32, asOf: '2026-07-01' });
    const contactId = (await t.services.database.db.query.contactIdentities.findFirst({ where: (i, { eq }) => eq(i.value, 'c4@example.com') }))!.contactId;
    const { clv } = (await admin.ok('GET', `/api/contacts/${contactId}`)).value;
    expect(clv.pAlive).toBeGreaterThan(0);
    expect(clv.pAlive).toBeLessThanOrEqual(1);
    expect(clv.expected90d).toBeGreaterThan(0);
    const segment = await admin.ok('POST', '/api/segments/preview', { conditions: { field: 'contact.clv.pAlive', op: 'gt', value: 0 } });
    expect(segment.count).toBe(32);
  });

  it("measures a history as Fader, Hardie and Lee's CDNOW summary does, so a fit can be checked against their estimates", async () => {
    // CDNOW customer 00004 (ID 1 of the paper's summary): purchases on 1997-01-01, 01-18 and 08-02, a calibration period
    // ending 1997-09-30, and the published x = 2, t_x = 30.43, T = 38.86 weeks. Each purchase counts at the end of its
    // day: T from the end of Jan 1 to the end of Sep 30 is 272 days (measured from its start it was 273, 39.00 weeks,
    // and the whole CDNOW sample then fitted a = 0.814, b = 2.477 against the published 0.793 and 2.426).
    const who = { externalId: '00004' };
    await admin.ok('POST', '/api/orders', {
      orders: [
        { externalId: 'cd-1', source: 'cdnow', contact: who, placedAt: '1997-01-01T12:00:00Z', currency: 'TRY', total: '29.33' },
        { externalId: 'cd-2', source: 'cdnow', contact: who, placedAt: '1997-01-18T12:00:00Z', currency: 'TRY', total: '29.73' },
        { externalId: 'cd-3', source: 'cdnow', contact: who, placedAt: '1997-08-02T12:00:00Z', currency: 'TRY', total: '14.96' },
      ],
    });
    const [h] = await loadHistories(t.services.database.db, '1997-09-30');
    expect(h).toMatchObject({ x: 2, tx: 213 / 7, T: 272 / 7 });
    expect([h!.tx.toFixed(2), h!.T.toFixed(2)]).toEqual(['30.43', '38.86']);
  });
});
