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
};

describe('WorkspaceTab', () => {
  it('turns on open and click tracking in Turkish and saves them with the workspace', async () => {
    const { app, server } = makeApp({ 'GET /api/workspace': () => workspace, 'PATCH /api/workspace': (r) => ({ ...workspace, ...r.body }) });
    app.i18n.setLocale('tr');
    renderWithApp(WorkspaceTab, {}, app);
    await fireEvent.click(await screen.findByLabelText(/Açılmaları takip et/));
    await fireEvent.click(screen.getByLabelText(/Tıklamaları takip et/));
    await fireEvent.click(screen.getByRole('button', { name: 'Kaydet' }));
    await waitFor(() => expect(server.calls.find((c) => c.method === 'PATCH')?.body.tracking).toEqual({ opens: true, clicks: true, utm: false }));
  });
});
