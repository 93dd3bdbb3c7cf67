import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import CampaignsTab from './CampaignsTab.svelte';
import { AutomationState } from '../../state/automation.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { campaign, channel } from '../../../test/fake-server';

function setup() {
  const { app, server } = makeApp({
    'POST /api/segments/preview': () => ({ count: 3, sample: [] }),
    'POST /api/templates': (r) => ({ id: 'tpl-1', ...r.body }),
    'POST /api/campaigns': (r) => ({ status: 201, body: campaign({ id: 'k1', status: 'draft', ...r.body }) }),
  });
  const automation = new AutomationState(app.api);
  automation.channels = [channel({ id: 'c-mail', kind: 'email', name: 'Newsletter' })];
  renderWithApp(CampaignsTab, { automation }, app);
  return { server, app };
}

async function fillAndCreate(format?: string) {
  await fireEvent.input(screen.getByLabelText('Campaign name'), { target: { value: 'June news' } });
  await fireEvent.input(screen.getByLabelText('Message in English'), { target: { value: '<p>Our <b>June</b> news</p>' } });
  await fireEvent.click(screen.getByLabelText('Newsletter (Email)'));
  if (format) await fireEvent.change(screen.getByLabelText('Email format'), { target: { value: format } });
  await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
}

describe('CampaignsTab', () => {
  it('sends the chosen email format with the campaign, and explains that only email carries HTML', async () => {
    const { server } = setup();
    expect(screen.getByLabelText('Email format').getAttribute('aria-describedby')).toBe('cmp-format-hint');
    expect(screen.getByText(/^Only email carries HTML\./)).toBeTruthy();
    await fillAndCreate('text');
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).toMatchObject({ name: 'June news', format: 'text', channelPolicy: { channelIds: ['c-mail'] } });
  });

  it('leaves the format out by default, so the server decides by the body’s look', async () => {
    const { server } = setup();
    await fillAndCreate();
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).not.toHaveProperty('format');
  });

  it('marks a number typed the wrong way beside the value, in the marketer’s language, and sends neither the count nor the campaign', async () => {
    const { server, app } = setup();
    await fireEvent.input(screen.getByLabelText('Field'), { target: { value: 'contact.totalSpent' } });
    await fireEvent.change(screen.getByLabelText('Condition'), { target: { value: 'gt' } });
    await fireEvent.input(screen.getByLabelText('Value'), { target: { value: '1.500,50' } });
    expect(screen.getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a number, like 1500.50 (digits, a dot for decimals).')).toBeTruthy();
    await fillAndCreate();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(server.calls.filter((c) => c.path !== '/api/segments/preview' || JSON.stringify(c.body).includes('totalSpent'))).toEqual([]);

    app.i18n.setLocale('tr');
    expect(await screen.findByText('Bir sayı girin, örneğin 1500.50 (rakamlar, ondalık için nokta).')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Değer'), { target: { value: '1500.50' } });
    expect(screen.queryByText(/^Bir sayı girin/)).toBeNull();
    await waitFor(() => expect(server.calls.at(-1)!.body).toEqual({ conditions: { all: [{ field: 'contact.totalSpent', op: 'gt', value: 1500.5 }] } }));
  });

  it('offers RFM segments by their names in the marketer’s language and sends the code the engine matches', async () => {
    const { server, app } = setup();
    app.i18n.setLocale('tr');
    await fireEvent.input(await screen.findByLabelText('Alan'), { target: { value: 'contact.rfm.segment' } });
    const segment = screen.getByLabelText('Değer') as HTMLSelectElement;
    expect(segment.tagName).toBe('SELECT');
    expect(screen.getByText('Bir RFM segmenti seçin.')).toBeTruthy();
    const champions = screen.getByRole('option', { name: 'Şampiyonlar' }) as HTMLOptionElement;
    expect(champions.value).toBe('Champions');
    await fireEvent.change(segment, { target: { value: 'Champions' } });
    expect(screen.queryByText('Bir RFM segmenti seçin.')).toBeNull();
    await waitFor(() => expect(server.calls.at(-1)!.body).toEqual({ conditions: { all: [{ field: 'contact.rfm.segment', op: 'eq', value: 'Champions' }] } }));
  });
});
