// The Analytics screen's figures on a small hand-computed data set: the RFM grid, cohort retention, the predicted-value
// histogram, the churn-risk list and its CSV, and segment sizes over days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

// Seven buyers, Istanbul time (UTC+3). Cancelled and refunded orders never count.
//   a: Jan 10 100, Feb 10 50, Apr 10 50   b: Jan 20 200, Mar 5 100     c: Feb 15 30 (named "=cmd", to test the CSV)
//   d: Feb 20 40, Feb 25 60, May 1 20     e: Jun 30 21:30 UTC = Jul 1 in Istanbul, 500
//   f: Mar 10 70, Apr 2 10 cancelled      g: Feb 1 25
const orders = [
  ['a1', 'a', '2026-01-10T10:00:00Z', '100.00'],
  ['a2', 'a', '2026-02-10T10:00:00Z', '50.00'],
  ['a3', 'a', '2026-04-10T10:00:00Z', '50.00'],
  ['b1', 'b', '2026-01-20T10:00:00Z', '200.00'],
  ['b2', 'b', '2026-03-05T10:00:00Z', '100.00'],
  ['c1', 'c', '2026-02-15T10:00:00Z', '30.00'],
  ['d1', 'd', '2026-02-20T10:00:00Z', '40.00'],
  ['d2', 'd', '2026-02-25T10:00:00Z', '60.00'],
  ['d3', 'd', '2026-05-01T10:00:00Z', '20.00'],
  ['e1', 'e', '2026-06-30T21:30:00Z', '500.00'],
  ['f1', 'f', '2026-03-10T10:00:00Z', '70.00'],
  ['f2', 'f', '2026-04-02T10:00:00Z', '10.00', 'cancelled'],
  ['g1', 'g', '2026-02-01T10:00:00Z', '25.00'],
];
const names: Record<string, string> = { a: 'Ayşe', b: 'Burak', c: '=cmd', d: 'Deniz', e: 'Ece', f: 'Fatih', g: 'Gül' };
const order = ([externalId, who, placedAt, total, status = 'paid']: string[]) => ({
  externalId,
  contact: { email: `${who}@example.com`, name: names[who!] },
  placedAt,
  currency: 'TRY',
  total,
  status,
});

describe('customer analytics API', () => {
  let t: TestApp;
  let admin: Client;
  let clock = new Date('2026-07-01T09:00:00Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock });
    admin = await Client.admin(t.app);
    await admin.ok('POST', '/api/orders', { orders: orders.map(order) });
    await t.services.valuePass.runNow();
    for (const who of Object.keys(names)) {
      const identity = await t.services.database.db.query.contactIdentities.findFirst({ where: (i, { eq }) => eq(i.value, `${who}@example.com`) });
      ids[who] = identity!.contactId;
    }
  });
  afterAll(() => t.close());

  it('is for marketers and admins, not agents', async () => {
    const agent = await admin.user(['agent']);
    const marketer = await admin.user(['marketer']);
    for (const path of ['rfm', 'rfm/contacts?r=1&f=1', 'cohorts', 'predicted-value', 'churn-risk', 'segment-sizes']) {
      expect((await agent.call('GET', `/api/analytics/${path}`)).status).toBe(403);
      expect((await marketer.call('GET', `/api/analytics/${path}`)).status).toBe(200);
    }
  });

  it('puts every buyer in one recency × frequency cell with their lifetime revenue, and counts the named segments', async () => {
    // n = 7, score = 1 + ⌊5 × strictly lower / 7⌋. Recency g<c<b<f<a<d<e → 1,1,2,3,3,4,5; orders 1,1,1,1,2,3,3 (g,c,e,f,b,a,d) → F 1,1,1,1,3,4,4.
    const grid = await admin.ok('GET', '/api/analytics/rfm');
    expect(grid.currency).toBe('TRY');
    expect(grid.contacts).toBe(7);
    expect(grid.cells).toHaveLength(25);
    expect(grid.cells.filter((c: { contacts: number }) => c.contacts > 0)).toEqual([
      { r: 1, f: 1, contacts: 2, revenue: '55.00' }, // g, c
      { r: 2, f: 3, contacts: 1, revenue: '300.00' }, // b
      { r: 3, f: 1, contacts: 1, revenue: '70.00' }, // f (the cancelled order counts for nothing)
      { r: 3, f: 4, contacts: 1, revenue: '200.00' }, // a
      { r: 4, f: 4, contacts: 1, revenue: '120.00' }, // d
      { r: 5, f: 1, contacts: 1, revenue: '500.00' }, // e
    ]);
    expect(Object.fromEntries(grid.segments.map((s: { segment: string; contacts: number }) => [s.segment, s.contacts]))).toEqual({
      Champions: 0,
      Loyal: 2,
      'Potential loyalists': 0,
      New: 1,
      Promising: 0,
      'Need attention': 1,
      'At risk': 1,
      "Can't lose them": 0,
      Hibernating: 0,
      Lost: 2,
    });
  });

  it('lists the contacts of a cell, highest spender first', async () => {
    const cell = await admin.ok('GET', '/api/analytics/rfm/contacts?r=1&f=1');
    expect(cell.total).toBe(2);
    expect(cell.items.map((c: { id: string; name: string; totalSpent: string; identity: unknown }) => [c.id, c.name, c.totalSpent, c.identity])).toEqual([
      [ids.c, '=cmd', '30.00', { kind: 'email', value: 'c@example.com' }],
      [ids.g, 'Gül', '25.00', { kind: 'email', value: 'g@example.com' }],
    ]);
    expect((await admin.ok('GET', '/api/analytics/rfm/contacts?r=5&f=5')).items).toEqual([]);
    expect((await admin.call('GET', '/api/analytics/rfm/contacts?r=6&f=1')).status).toBe(422);
  });

  it('gives monthly cohort retention by month of first paid order, in the workspace zone', async () => {
    const { cohorts } = await admin.ok('GET', '/api/analytics/cohorts?months=7');
    const z = (offset: number) => ({ offset, customers: 0, share: 0 });
    const none = (offset: number) => ({ offset, customers: 0, share: null });
    expect(cohorts).toEqual([
      // a (Feb, Apr) and b (Mar).
      { month: '2026-01', customers: 2, retention: [{ offset: 1, customers: 1, share: 0.5 }, { offset: 2, customers: 1, share: 0.5 }, { offset: 3, customers: 1, share: 0.5 }, z(4), z(5), z(6)] },
      // c, d and g; d again in May.
      { month: '2026-02', customers: 3, retention: [z(1), z(2), { offset: 3, customers: 1, share: 0.3333 }, z(4), z(5)] },
      // f's April order was cancelled: not a return.
      { month: '2026-03', customers: 1, retention: [z(1), z(2), z(3), z(4)] },
      { month: '2026-04', customers: 0, retention: [none(1), none(2), none(3)] },
      { month: '2026-05', customers: 0, retention: [none(1), none(2)] },
      { month: '2026-06', customers: 0, retention: [none(1)] },
      // e ordered at 21:30 UTC on June 30, already July 1 in Istanbul.
      { month: '2026-07', customers: 1, retention: [] },
    ]);
    expect((await admin.ok('GET', '/api/analytics/cohorts')).cohorts).toHaveLength(12);
    expect((await admin.ok('GET', '/api/analytics/cohorts?months=1')).cohorts).toEqual([{ month: '2026-07', customers: 1, retention: [] }]);
  });

  it('buckets predicted 12-month value in round widths and lists the contacts at churn risk, with a CSV export', async () => {
    expect(await admin.ok('GET', '/api/analytics/predicted-value')).toEqual({ currency: 'TRY', contacts: 0, width: null, buckets: [] });
    expect(await admin.ok('GET', '/api/analytics/churn-risk')).toEqual({ currency: 'TRY', total: 0, items: [] });
    // Seven buyers are too few for the model, so its outputs are written as a fit would write them.
    const predicted: Record<string, string | null> = { a: '12.50', b: '0.00', c: '99.99', d: '100.00', e: '45.00', f: null, g: '250.00' };
    for (const [who, value] of Object.entries(predicted)) {
      const risk = who === 'b' || who === 'c';
      await t.services.database.db.execute(sql`update contact_value set clv_predicted12m = ${value}::numeric, clv_p_alive = ${who === 'b' ? 0.2 : 0.35},
        clv_at = ${clock.toISOString()}::timestamptz, churn_risk = ${risk}, churn_risk_since = ${risk ? clock.toISOString() : null}::timestamptz where contact_id = ${ids[who]}`);
    }
    // max 250 → about ten buckets of 25 → rounded up to 50: [0,50) a b e · [50,100) c · [100,150) d · [250,300) g.
    expect(await admin.ok('GET', '/api/analytics/predicted-value')).toEqual({
      currency: 'TRY',
      contacts: 6,
      width: '50.00',
      buckets: [
        { from: '0.00', to: '50.00', contacts: 3 },
        { from: '50.00', to: '100.00', contacts: 1 },
        { from: '100.00', to: '150.00', contacts: 1 },
        { from: '150.00', to: '200.00', contacts: 0 },
        { from: '200.00', to: '250.00', contacts: 0 },
        { from: '250.00', to: '300.00', contacts: 1 },
      ],
    });
    const risk = await admin.ok('GET', '/api/analytics/churn-risk?limit=1');
    expect(risk.total).toBe(2);
    expect(risk.items).toEqual([
      {
        id: ids.b,
        name: 'Burak',
        identity: { kind: 'email', value: 'b@example.com' },
        orders: 2,
        totalSpent: '300.00',
        lastOrderAt: '2026-03-05T10:00:00.000Z',
        rfm: { r: 2, f: 3, m: 4, segment: 'At risk' },
        pAlive: 0.2,
        predicted12m: '0.00',
        churnRiskSince: '2026-07-01T09:00:00.000Z',
      },
    ]);
    const csv = await admin.raw('GET', '/api/analytics/churn-risk?format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toBe(
      [
        'contact_id,name,identity,last_order_at,orders,total_spent_TRY,p_alive,predicted_12m_TRY,at_risk_since',
        `${ids.b},Burak,b@example.com,2026-03-05T10:00:00.000Z,2,300.00,0.2000,0.00,2026-07-01T09:00:00.000Z`,
        // A name that looks like a formula is defused for spreadsheets.
        `${ids.c},'=cmd,c@example.com,2026-02-15T10:00:00.000Z,1,30.00,0.3500,99.99,2026-07-01T09:00:00.000Z`,
        '',
      ].join('\r\n'),
    );
  });

  it('records the named segment sizes once a day, the last pass of the day winning', async () => {
    const day1 = { Champions: 0, Loyal: 2, 'Potential loyalists': 0, New: 1, Promising: 0, 'Need attention': 1, 'At risk': 1, "Can't lose them": 0, Hibernating: 0, Lost: 2 };
    expect(await admin.ok('GET', '/api/analytics/segment-sizes')).toMatchObject({ days: [{ day: '2026-07-01', sizes: day1 }] });
    // The next day e's only order is refunded: six buyers left, and d is now the most recent (R 5, F 4: Champions).
    clock = new Date('2026-07-02T09:00:00Z');
    await admin.ok('POST', '/api/orders', { orders: [order(['e1', 'e', '2026-06-30T21:30:00Z', '500.00', 'refunded'])] });
    await t.services.valuePass.runNow();
    await t.services.valuePass.runNow();
    const day2 = { Champions: 1, Loyal: 1, 'Potential loyalists': 0, New: 0, Promising: 0, 'Need attention': 1, 'At risk': 1, "Can't lose them": 0, Hibernating: 0, Lost: 2 };
    const sizes = await admin.ok('GET', '/api/analytics/segment-sizes?days=90');
    expect(sizes.segments).toHaveLength(10);
    expect(sizes.days).toEqual([
      { day: '2026-07-01', sizes: day1 },
      { day: '2026-07-02', sizes: day2 },
    ]);
    expect((await admin.ok('GET', '/api/analytics/segment-sizes?days=1')).days).toEqual([{ day: '2026-07-02', sizes: day2 }]);
    const [stored] = rowsOf<{ n: number }>(await t.services.database.db.execute(sql`select count(*)::int as n from rfm_segment_sizes`));
    expect(stored!.n).toBe(20);
  });
});
