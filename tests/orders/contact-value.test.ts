// Lifetime figures: recomputed with the contact's orders, net of refunds, in the workspace currency, carried by a merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeContactValue } from '../../server/value/index.ts';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';

const order = (externalId: string, email: string, placedAt: string, total: string, over: Record<string, unknown> = {}) => ({
  externalId,
  contact: { email },
  placedAt,
  currency: 'TRY',
  total,
  items: [{ name: 'Thing', category: 'home', quantity: 1, unitPrice: total }],
  ...over,
});

describe('contact value figures', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  const contactOf = async (email: string) => (await t.services.database.db.query.contactIdentities.findFirst({ where: (i, { and, eq }) => and(eq(i.kind, 'email'), eq(i.value, email)) }))!.contactId;
  const value = async (id: string) => (await admin.ok('GET', `/api/contacts/${id}`)).value;

  it('totals paid orders exactly, and a refund or cancellation lowers them', async () => {
    await admin.ok('POST', '/api/orders', {
      orders: [
        order('V-1', 'val@example.com', '2026-01-10T10:00:00Z', '100.10'),
        order('V-2', 'val@example.com', '2026-02-10T10:00:00Z', '200.20', { items: [{ category: 'garden', quantity: 2, unitPrice: '100.10' }] }),
        order('V-3', 'val@example.com', '2026-03-10T10:00:00Z', '0.03'),
        order('V-4', 'val@example.com', '2026-04-10T10:00:00Z', '50.00', { status: 'pending' }),
      ],
    });
    const id = await contactOf('val@example.com');
    expect(await value(id)).toEqual({
      currency: 'TRY',
      orders: 3,
      totalSpent: '300.33',
      aov: '100.11',
      firstOrderAt: '2026-01-10T10:00:00.000Z',
      lastOrderAt: '2026-03-10T10:00:00.000Z',
      categories: ['garden', 'home'],
      rfm: null,
      churnRisk: false,
      churnRiskSince: null,
      clv: null,
    });

    await admin.ok('POST', '/api/orders', { orders: [order('V-2', 'val@example.com', '2026-02-10T10:00:00Z', '200.20', { status: 'refunded' })] });
    expect(await value(id)).toMatchObject({ orders: 2, totalSpent: '100.13', aov: '50.07', categories: ['home'] });
    await admin.ok('POST', '/api/orders', { orders: [order('V-3', 'val@example.com', '2026-03-10T10:00:00Z', '0.03', { status: 'cancelled' })] });
    expect(await value(id)).toMatchObject({ orders: 1, totalSpent: '100.10', lastOrderAt: '2026-01-10T10:00:00.000Z' });
  });

  it('adds a later call’s new orders to the figures, the same as counting them all again', async () => {
    await admin.ok('POST', '/api/orders', { orders: [order('A-1', 'add@example.com', '2026-02-01T00:00:00Z', '10.10')] });
    const id = await contactOf('add@example.com');
    await admin.ok('POST', '/api/orders', {
      orders: [
        order('A-2', 'add@example.com', '2026-01-01T00:00:00Z', '5.05', { items: [{ category: 'art', quantity: 1, unitPrice: '5.05' }] }),
        order('A-3', 'add@example.com', '2026-05-01T00:00:00Z', '1.00', { items: [{ category: 'zoo', quantity: 1, unitPrice: '1.00' }] }),
        order('A-4', 'add@example.com', '2026-06-01T00:00:00Z', '99.00', { status: 'pending' }),
      ],
    });
    const added = await value(id);
    expect(added).toMatchObject({
      orders: 3,
      totalSpent: '16.15',
      aov: '5.38',
      firstOrderAt: '2026-01-01T00:00:00.000Z',
      lastOrderAt: '2026-05-01T00:00:00.000Z',
      categories: ['art', 'home', 'zoo'],
    });
    await recomputeContactValue(t.services.database.db, [id], new Date());
    expect(await value(id)).toEqual(added);
  });

  it('totals other currencies through the admin rates, and re-totals when the rates change', async () => {
    await admin.ok('POST', '/api/orders', {
      orders: [order('F-1', 'fx@example.com', '2026-01-01T00:00:00Z', '10.00', { currency: 'USD' }), order('F-2', 'fx@example.com', '2026-01-02T00:00:00Z', '5.00')],
    });
    const id = await contactOf('fx@example.com');
    expect(await value(id)).toMatchObject({ orders: 2, totalSpent: '5.00' });
    const rates = await admin.ok('PUT', '/api/workspace/currency-rates', { rates: { USD: '34.12345678', EUR: 37 } });
    expect(rates).toEqual({ currency: 'TRY', rates: { EUR: '37.00000000', USD: '34.12345678' } });
    expect(await value(id)).toMatchObject({ orders: 2, totalSpent: '346.23', aov: '173.12' });
    // A fractional rate: the new order's 341.2345678 joins the unrounded sum (687.4691356), not the rounded total.
    await admin.ok('POST', '/api/orders', { orders: [order('F-3', 'fx@example.com', '2026-01-03T00:00:00Z', '10.00', { currency: 'USD' })] });
    expect(await value(id)).toMatchObject({ orders: 3, totalSpent: '687.47', aov: '229.16' });
    const refused = await admin.call('PUT', '/api/workspace/currency-rates', { rates: { TRY: '1' } });
    expect(refused).toEqual({ status: 422, body: { error: { code: 'validation_failed', message: 'rates.TRY: the workspace currency is always 1', fields: [{ path: 'rates.TRY', code: 'custom' }] } } });
    const marketer = await admin.user(['marketer']);
    expect((await marketer.call('PUT', '/api/workspace/currency-rates', { rates: {} })).status).toBe(403);
    expect((await marketer.ok('GET', '/api/workspace/currency-rates')).rates.USD).toBe('34.12345678');
  });

  it('adds up both contacts’ orders on a merge, and gives them back on undo', async () => {
    await admin.ok('POST', '/api/orders', {
      orders: [
        order('M-1', 'ma@example.com', '2026-01-05T00:00:00Z', '10.00'),
        order('M-2', 'mb@example.com', '2026-02-05T00:00:00Z', '15.50'),
        order('M-3', 'mb@example.com', '2026-03-05T00:00:00Z', '4.50'),
      ],
    });
    const a = await contactOf('ma@example.com');
    const b = await contactOf('mb@example.com');
    const { mergeId } = await admin.ok('POST', '/api/contacts/merge', { intoId: a, fromId: b });
    expect(await value(a)).toMatchObject({ orders: 3, totalSpent: '30.00', aov: '10.00', firstOrderAt: '2026-01-05T00:00:00.000Z', lastOrderAt: '2026-03-05T00:00:00.000Z' });
    expect((await admin.ok('GET', `/api/contacts/${a}/orders`)).items).toHaveLength(3);
    await admin.ok('POST', `/api/contacts/merges/${mergeId}/revert`);
    expect(await value(a)).toMatchObject({ orders: 1, totalSpent: '10.00' });
    expect(await value(b)).toMatchObject({ orders: 2, totalSpent: '20.00' });
  });
  it('converts the rates when the workspace currency changes, so totals stay right and the rates can be saved back', async () => {
    await admin.ok('PUT', '/api/workspace/currency-rates', { rates: { USD: '34.25', EUR: '37.00' } });
    await admin.ok('POST', '/api/orders', {
      orders: [
        order('C-1', 'cur@example.com', '2026-01-01T00:00:00Z', '342.50'),
        order('C-2', 'cur@example.com', '2026-01-02T00:00:00Z', '10.00', { currency: 'USD' }),
        order('C-3', 'cur@example.com', '2026-01-03T00:00:00Z', '37.00', { currency: 'EUR' }),
      ],
    });
    const id = await contactOf('cur@example.com');
    expect(await value(id)).toMatchObject({ currency: 'TRY', totalSpent: '2054.00' });
    // Under USD a lira is 1/34.25 dollars and a euro 37/34.25; the dollar itself is always 1 and has no row. Before,
    // the rates stayed as typed for TRY (USD 34.25, EUR 37.00, no TRY): the lira order added nothing, the euro order
    // 37 × 37 dollars, and saving the listed rates back was refused for naming the workspace currency.
    await admin.ok('PATCH', '/api/workspace', { currency: 'USD' });
    const rates = await admin.ok('GET', '/api/workspace/currency-rates');
    expect(rates).toEqual({ currency: 'USD', rates: { EUR: '1.08029197', TRY: '0.02919708' } });
    expect(await value(id)).toMatchObject({ currency: 'USD', totalSpent: '59.97' });
    expect(await admin.ok('PUT', '/api/workspace/currency-rates', { rates: rates.rates })).toEqual(rates);
    // Rates that do not fit once converted (past ten whole digits, or 0 at 8 decimals) are dropped, not a failed change.
    await admin.ok('PUT', '/api/workspace/currency-rates', { rates: { BHD: '0.00000001', KWD: '9999999999', XAU: '0.00000001', TRY: '0.02919708' } });
    await admin.ok('PATCH', '/api/workspace', { currency: 'BHD' });
    expect(await admin.ok('GET', '/api/workspace/currency-rates')).toEqual({ currency: 'BHD', rates: { TRY: '2919708.00000000', USD: '100000000.00000000', XAU: '1.00000000' } });
    await admin.ok('PATCH', '/api/workspace', { currency: 'USD' });
    expect(await admin.ok('GET', '/api/workspace/currency-rates')).toEqual({ currency: 'USD', rates: { BHD: '0.00000001', TRY: '0.02919708', XAU: '0.00000001' } });
    // A currency the rates did not price: they cannot be converted, so they are cleared rather than read in the wrong unit.
    await admin.ok('PATCH', '/api/workspace', { currency: 'GBP' });
    expect(await admin.ok('GET', '/api/workspace/currency-rates')).toEqual({ currency: 'GBP', rates: {} });
    expect(await value(id)).toMatchObject({ currency: 'GBP', orders: 3, totalSpent: '0.00' });
    await admin.ok('PATCH', '/api/workspace', { currency: 'GBP' });
    expect(await admin.ok('GET', '/api/workspace/currency-rates')).toEqual({ currency: 'GBP', rates: {} });
  });
});
