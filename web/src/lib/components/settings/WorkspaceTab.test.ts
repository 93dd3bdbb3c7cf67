import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import WorkspaceTab from './WorkspaceTab.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

const workspace = {
  name: 'Ulak',
  timeZone: 'Europe/Istanbul',
  defaultRegion: 'TR',
  quietHours: { start: '21:00', end: '09:00' },
  frequencyCap: { max: 3, perDays: 7 },
  tracking: { opens: false, clicks: false, utm: false },
  currency: 'TRY',
  churnRiskThreshold: 0.5,
};
const noRates = { 'GET /api/workspace/currency-rates': () => ({ currency: 'TRY', rates: {} }) };

describe('WorkspaceTab', () => {
  it('turns on open and click tracking in Turkish and saves them with the workspace', async () => {
    const { app, server } = makeApp({ ...noRates, 'GET /api/workspace': () => workspace, 'PATCH /api/workspace': (r) => ({ ...workspace, ...r.body }) });
    app.i18n.setLocale('tr');
    renderWithApp(WorkspaceTab, {}, app);
    await fireEvent.click(await screen.findByLabelText(/Açılmaları takip et/));
    await fireEvent.click(screen.getByLabelText(/Tıklamaları takip et/));
    await fireEvent.click(screen.getByRole('button', { name: 'Kaydet' }));
    await waitFor(() => expect(server.calls.find((c) => c.method === 'PATCH')?.body.tracking).toEqual({ opens: true, clicks: true, utm: false }));
  });

  it('keeps the currency rates an admin sets, and the workspace currency and churn-risk threshold, in Settings', async () => {
    let rates: Record<string, string> = { USD: '34.25000000' };
    let currency = 'TRY';
    const { app, server } = makeApp({
      'GET /api/workspace': () => ({ ...workspace, currency }),
      'PATCH /api/workspace': (r) => {
        currency = r.body.currency ?? currency;
        if (r.body.currency === 'USD') rates = { TRY: '0.02919708' };
        return { ...workspace, ...r.body };
      },
      'GET /api/workspace/currency-rates': () => ({ currency, rates }),
      'PUT /api/workspace/currency-rates': (r) => {
        rates = r.body.rates;
        return { currency, rates };
      },
    });
    renderWithApp(WorkspaceTab, {}, app);
    expect(await screen.findByLabelText('Rate of USD in TRY')).toHaveProperty('value', '34.25');
    await fireEvent.click(screen.getByRole('button', { name: 'Add a currency' }));
    await fireEvent.input(screen.getAllByLabelText('Currency')[1]!, { target: { value: 'eur' } });
    await fireEvent.input(screen.getByLabelText('Rate of EUR in TRY'), { target: { value: '37,5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Apply rates' }));
    await waitFor(() => expect(server.calls.find((c) => c.method === 'PUT')?.body).toEqual({ rates: { USD: '34.25', EUR: '37.5' } }));

    // A new workspace currency is saved with the workspace; the server converts the rates, which are read again.
    await fireEvent.input(screen.getByLabelText('Workspace currency'), { target: { value: 'usd' } });
    await fireEvent.input(screen.getByLabelText(/Churn-risk threshold/), { target: { value: '0.3' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ currency: 'USD', churnRiskThreshold: 0.3 }));
    expect(await screen.findByLabelText('Rate of TRY in USD')).toHaveProperty('value', '0.02919708');
  });
});
