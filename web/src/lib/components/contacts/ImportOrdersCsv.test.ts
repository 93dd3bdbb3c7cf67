import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import ImportOrdersCsv from './ImportOrdersCsv.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { guessOrderTarget } from '../../state/order-import.svelte';

const csv = ['Sipariş No,E-posta,Tarih,Para Birimi,Tutar,Ürün,Not', 'S-1,ayse@example.com,2026-05-01,TRY,129.90,Kupa,hediye', 'S-2,bob@example.com,2026-05-02,TRY,abc,Tabak,'].join('\n');

describe('ImportOrdersCsv', () => {
  it('guesses order columns from English and Turkish headers', () => {
    expect(['Order ID', 'Sipariş Tarihi', 'Currency', 'Total Price', 'Customer Email', 'Qty', 'Birim Fiyat', 'Not'].map(guessOrderTarget)).toEqual([
      'externalId',
      'placedAt',
      'currency',
      'total',
      'email',
      'quantity',
      'unitPrice',
      '',
    ]);
  });

  it('maps the columns with a preview, uploads the file, shows the progress and reports the rejected rows', async () => {
    let polls = 0;
    const { app, server } = makeApp({
      'POST /api/orders/import': () => ({ status: 202, body: { id: 'oi-1' } }),
      'GET /api/orders/imports/oi-1': () => {
        polls++;
        const running = polls < 2;
        return {
          id: 'oi-1',
          status: running ? 'running' : 'completed',
          total: 2,
          processed: running ? 1 : 2,
          created: 1,
          updated: 0,
          rejected: running ? [] : [{ row: 3, reason: 'total: must be a non-negative amount' }],
        };
      },
    });
    let done = 0;
    renderWithApp(ImportOrdersCsv, { onDone: () => done++ }, app);
    await fireEvent.click(screen.getByText('Import orders (CSV)'));
    const input = screen.getByLabelText('File of orders (CSV)') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([csv], 'siparisler.csv', { type: 'text/csv' })], configurable: true });
    await fireEvent.change(input);

    // The mapping step: each column's guess, with its first values; nothing is sent before the user starts.
    const orderColumn = await screen.findByRole('combobox', { name: 'Sipariş No' });
    expect((orderColumn as HTMLSelectElement).value).toBe('externalId');
    expect((screen.getByRole('combobox', { name: 'Not' }) as HTMLSelectElement).value).toBe('');
    expect(screen.getByText('129.90 · abc')).toBeTruthy();
    // Without the customer's email (or phone, or customer number) the server would refuse the file: said, and not sent.
    await fireEvent.change(screen.getByRole('combobox', { name: 'E-posta' }), { target: { value: '' } });
    expect(screen.getByRole('alert').textContent).toContain('the customer (email, phone or customer number)');
    expect((screen.getByRole('button', { name: 'Import 2 rows' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.change(screen.getByRole('combobox', { name: 'E-posta' }), { target: { value: 'email' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Import 2 rows' }));

    await screen.findByText('Orders: 1 added, 0 updated; rows rejected: 1.');
    expect(screen.getByText('Row 3: total: must be a non-negative amount')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Orders import progress' })).toHaveProperty('value', 2);
    const upload = server.calls.find((c) => c.path === '/api/orders/import')!;
    expect(await (upload.body.file as File).text()).toBe(csv);
    expect(JSON.parse(upload.body.mapping)).toEqual({ 'Sipariş No': 'externalId', 'E-posta': 'email', Tarih: 'placedAt', 'Para Birimi': 'currency', Tutar: 'total', Ürün: 'itemName' });
    await waitFor(() => expect(done).toBe(1));
  });
});
