import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import AnalyticsPage from './AnalyticsPage.svelte';
import { makeApp, renderWithApp } from '../test/render';
import { RFM_SEGMENTS } from '../../../server/value/rfm-score.ts';

const scores = [1, 2, 3, 4, 5];
const grid = (filled: Record<string, [number, string]>) => ({
  currency: 'TRY',
  scoredAt: '2026-07-01T09:00:00.000Z',
  contacts: Object.values(filled).reduce((sum, [n]) => sum + n, 0),
  cells: scores.flatMap((r) => scores.map((f) => ({ r, f, contacts: filled[`${r}-${f}`]?.[0] ?? 0, revenue: filled[`${r}-${f}`]?.[1] ?? '0.00' }))),
  segments: RFM_SEGMENTS.map((segment) => ({ segment, contacts: segment === 'Loyal' ? 2 : 0 })),
});
const empty = {
  'GET /api/analytics/segment-sizes': () => ({ segments: RFM_SEGMENTS, days: [] }),
  'GET /api/analytics/predicted-value': () => ({ currency: 'TRY', contacts: 0, width: null, buckets: [] }),
  'GET /api/analytics/churn-risk': () => ({ currency: 'TRY', total: 0, items: [] }),
  'GET /api/analytics/cohorts': () => ({ months: 2, cohorts: [] }),
};

describe('AnalyticsPage', () => {
  it('says in words that no buyer is scored yet instead of drawing empty charts', async () => {
    const { app } = makeApp({ ...empty, 'GET /api/analytics/rfm': () => grid({}) });
    renderWithApp(AnalyticsPage, {}, app);
    await screen.findByText(/No buyer has been scored yet/);
    expect(screen.queryByRole('table', { name: 'Recency × frequency' })).toBeNull();
  });

  it('shades the grid, lists the contacts of a chosen cell and shows cohort retention', async () => {
    const { app, server } = makeApp({
      ...empty,
      'GET /api/analytics/rfm': () => grid({ '4-4': [2, '320.00'], '1-1': [1, '30.00'] }),
      'GET /api/analytics/rfm/contacts': () => ({
        total: 2,
        items: [
          {
            id: 'c1',
            name: 'Deniz Ak',
            identity: { kind: 'email', value: 'deniz@example.com' },
            orders: 3,
            totalSpent: '200.00',
            lastOrderAt: '2026-06-01T10:00:00.000Z',
            rfm: null,
            pAlive: null,
            predicted12m: null,
            churnRiskSince: null,
          },
          {
            id: 'c2',
            name: null,
            identity: { kind: 'phone', value: '+905321112233' },
            orders: 2,
            totalSpent: '120.00',
            lastOrderAt: '2026-05-01T10:00:00.000Z',
            rfm: null,
            pAlive: null,
            predicted12m: null,
            churnRiskSince: null,
          },
        ],
      }),
      'GET /api/analytics/cohorts': () => ({
        months: 2,
        cohorts: [
          { month: '2026-06', customers: 4, retention: [{ offset: 1, customers: 1, share: 0.25 }] },
          { month: '2026-07', customers: 0, retention: [] },
        ],
      }),
    });
    renderWithApp(AnalyticsPage, {}, app);
    const table = await screen.findByRole('table', { name: 'Recency × frequency' });
    const cell = within(table).getByRole('button', { name: `Recency 4, frequency 4: 2 ${app.i18n.currency(320, 'TRY')}` });
    expect(cell.parentElement!.style.getPropertyValue('--heat')).toBe('1');
    expect(
      within(table)
        .getByRole('button', { name: /^Recency 1, frequency 1: 1 / })
        .parentElement!.style.getPropertyValue('--heat'),
    ).toBe('0.5');
    await fireEvent.click(cell);
    const region = await screen.findByRole('region', { name: 'Contacts with recency 4 and frequency 4' });
    await within(region).findByRole('link', { name: 'Deniz Ak' });
    expect(within(region).getByRole('link', { name: '+905321112233' }).getAttribute('href')).toBe('#/contacts/c2');
    expect(server.calls.find((c) => c.path === '/api/analytics/rfm/contacts')!.query.toString()).toBe('r=4&f=4&limit=50');
    const cohorts = screen.getByRole('table', { name: 'Monthly cohort retention' });
    const june = within(cohorts).getAllByRole('row')[1]!;
    expect([...june.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())).toEqual(['June 2026', '4', '25%']);
    expect(screen.getByText('No buyer is at churn risk.')).toBeTruthy();
  });

  it('says why no value is predicted: too few buyers for the model, or a fitted model whose spend could not be modelled', async () => {
    const grid1 = () => grid({ '4-4': [2, '320.00'] });
    const first = makeApp({ ...empty, 'GET /api/analytics/rfm': grid1, 'GET /api/analytics/clv': () => ({ status: 404, body: { error: { code: 'no_fit', message: 'No fit is stored yet' } } }) });
    const { unmount } = renderWithApp(AnalyticsPage, {}, first.app);
    await screen.findByText(/the purchase model needs at least 20 buyers/);
    unmount();
    // With no fit stored and too little data, the API says so as the on-demand fit does.
    const short = { status: 422, body: { error: { code: 'not_enough_data', message: 'The purchase models need at least 20 customers …' } } };
    const few = makeApp({ ...empty, 'GET /api/analytics/rfm': grid1, 'GET /api/analytics/clv': () => short });
    const view = renderWithApp(AnalyticsPage, {}, few.app);
    await screen.findByText(/the purchase model needs at least 20 buyers/);
    view.unmount();
    expect(await few.app.api.analytics.clvFit()).toBeNull();
    const fit = { model: 'bgnbd', unit: 'week', params: { r: 0.2, alpha: 4, a: 0.8, b: 2.4 }, logLikelihood: -310, customers: 40, spend: null, asOf: '2026-07-01' };
    const second = makeApp({ ...empty, 'GET /api/analytics/rfm': grid1, 'GET /api/analytics/clv': () => fit });
    renderWithApp(AnalyticsPage, {}, second.app);
    await screen.findByText(/the purchase model is fitted, but spend per order varies too much/);
    expect(screen.queryByText(/needs at least 20 buyers/)).toBeNull();
  });
});
