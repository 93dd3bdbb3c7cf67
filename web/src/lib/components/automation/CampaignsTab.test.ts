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
  return { server };
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

  it('saves each language’s email subject with its message, and an A/B variant’s own subject', async () => {
    const { server } = setup();
    const hint = screen.getByLabelText('Email subject in English').getAttribute('aria-describedby')!;
    expect(document.getElementById(hint)!.textContent).toBe('Email only. Left empty, the email goes out under the campaign’s name.');
    await fireEvent.input(screen.getByLabelText('Email subject in English'), { target: { value: 'June news is here' } });
    await fireEvent.input(screen.getByLabelText('Email subject in Türkçe'), { target: { value: 'Haziran haberleri' } });
    await fireEvent.input(screen.getByLabelText('Message in Türkçe'), { target: { value: 'Haziranda neler var' } });
    await fireEvent.input(screen.getByLabelText('Campaign name'), { target: { value: 'June news' } });
    await fireEvent.input(screen.getByLabelText('Message in English'), { target: { value: '<p>Our <b>June</b> news</p>' } });
    await fireEvent.click(screen.getByLabelText('Newsletter (Email)'));
    await fireEvent.click(screen.getByLabelText('A/B test: send variants and keep the best'));
    await fireEvent.input(document.getElementById('ab-0-subject-en')!, { target: { value: 'Open for June' } });
    await fireEvent.input(document.getElementById('ab-0-en')!, { target: { value: 'B body' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    const templates = server.calls.filter((c) => c.path === '/api/templates').map((c) => c.body as { languages: unknown });
    expect(templates.map((t) => t.languages)).toEqual([
      { en: { subject: 'June news is here', body: '<p>Our <b>June</b> news</p>' }, tr: { subject: 'Haziran haberleri', body: 'Haziranda neler var' } },
      { en: { subject: 'Open for June', body: 'B body' } },
    ]);
  });
});
