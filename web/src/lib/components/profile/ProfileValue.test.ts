import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import ProfileValue from './ProfileValue.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import type { ContactOrder, ContactValue } from '../../api';

const value: ContactValue = {
  currency: 'TRY',
  orders: 2,
  totalSpent: '300.00',
  aov: '150.00',
  firstOrderAt: '2026-02-20T10:00:00.000Z',
  lastOrderAt: '2026-03-05T10:00:00.000Z',
  categories: ['Mutfak'],
  rfm: { r: 4, f: 4, m: 5, segment: 'Loyal', at: '2026-07-01T09:00:00.000Z' },
  churnRisk: true,
  churnRiskSince: '2026-06-30T09:00:00.000Z',
  clv: { pAlive: 0.42, expected90d: 0.5, predicted12m: '88.00', at: '2026-07-01T09:00:00.000Z' },
};
const order: ContactOrder = {
  id: 'o1',
  placedAt: '2026-03-05T10:00:00.000Z',
  currency: 'TRY',
  total: '240.00',
  refunded: '0',
  status: 'paid',
  items: [{ name: 'Kahve Fincanı', category: 'Mutfak', quantity: 2, unitPrice: '70.00' }],
};

describe('ProfileValue', () => {
  it("shows a buyer's lifetime figures, segment, churn risk, prediction and latest order items", () => {
    const { app } = makeApp({});
    renderWithApp(ProfileValue, { value, orders: [order] }, app);
    const panel = screen.getByRole('region', { name: 'Customer value' });
    const terms = [...panel.querySelectorAll('dt')].map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.replace(/[ \n]+/g, ' ').trim()]);
    expect(Object.fromEntries(terms)).toEqual({
      Orders: '2',
      'Total spent': app.i18n.currency(300, 'TRY'),
      'Average order': app.i18n.currency(150, 'TRY'),
      'First order': app.i18n.date(value.firstOrderAt),
      'Last order': app.i18n.date(value.lastOrderAt),
      Categories: 'Mutfak',
      'RFM segment': 'Loyal (R 4 · F 4 · M 5)',
      'Churn risk': `At risk since ${app.i18n.date(value.churnRiskSince)}`,
      'Probably still active': '42%',
      'Predicted 12-month value': app.i18n.currency(88, 'TRY'),
      'Expected orders in 90 days': '0.5',
    });
    expect(within(panel).getByText('2 × Kahve Fincanı')).toBeTruthy();
  });

  it('is hidden for a contact with no orders', () => {
    const { app } = makeApp({});
    const { container } = renderWithApp(ProfileValue, { value: { ...value, orders: 0, rfm: null, clv: null, churnRisk: false }, orders: [] }, app);
    expect(container.textContent!.trim()).toBe('');
  });
});
