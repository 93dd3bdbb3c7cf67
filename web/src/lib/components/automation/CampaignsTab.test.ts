import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import CampaignsTab from './CampaignsTab.svelte';
import { AutomationState } from '../../state/automation.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { campaign, channel } from '../../../test/fake-server';

const vips = { id: 's-vip', name: 'VIP customers', conditions: { field: 'contact.orders', op: 'gte', value: 5 }, createdAt: '2026-06-01T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z' };

async function setup() {
  const { app, server } = makeApp({
    'GET /api/segments': () => ({ items: [vips] }),
    'POST /api/segments': (r) => ({ status: 201, body: { ...vips, id: 's-new', ...r.body } }),
    'POST /api/segments/preview': (r) => ({ count: JSON.stringify(r.body).includes('contact.orders') ? 7 : 3, sample: [] }),
    'POST /api/templates': (r) => ({ id: 'tpl-1', ...r.body }),
    'POST /api/campaigns': (r) => ({ status: 201, body: campaign({ id: 'k1', status: 'draft', ...r.body }) }),
  });
  const automation = new AutomationState(app.api);
  automation.channels = [channel({ id: 'c-mail', kind: 'email', name: 'Newsletter' })];
  await automation.savedSegments.load();
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
    const { server } = await setup();
    expect(screen.getByLabelText('Email format').getAttribute('aria-describedby')).toBe('cmp-format-hint');
    expect(screen.getByText(/^Only email carries HTML\./)).toBeTruthy();
    await fillAndCreate('text');
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).toMatchObject({ name: 'June news', format: 'text', channelPolicy: { channelIds: ['c-mail'] } });
  });

  it('leaves the format out by default, so the server decides by the body’s look', async () => {
    const { server } = await setup();
    await fillAndCreate();
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).not.toHaveProperty('format');
  });

  it('saves each language’s email subject with its message, and an A/B variant’s own subject', async () => {
    const { server } = await setup();
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

  it('sends to a saved segment: its live count, no rules to edit, and the campaign made with its id', async () => {
    const { server } = await setup();
    await fireEvent.change(screen.getByLabelText('Send to'), { target: { value: 's-vip' } });
    await waitFor(() => expect(screen.getByText('7 contacts match')).toBeTruthy());
    expect(screen.queryByRole('group', { name: 'Condition 1' })).toBeNull();
    expect(screen.getByText(/later edits to the segment do not change its audience/)).toBeTruthy();
    await fillAndCreate();
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    const body = server.calls.find((c) => c.path === '/api/campaigns')!.body as Record<string, unknown>;
    expect(body.segmentId).toBe('s-vip');
    expect(body).not.toHaveProperty('conditions');
  });

  it('saves the conditions written here as a segment, which the audience list then offers', async () => {
    const { server } = await setup();
    await fireEvent.input(screen.getByLabelText('Segment name'), { target: { value: 'Turkish speakers' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save as segment' }));
    await waitFor(() => expect(screen.getByText('Saved as the segment “Turkish speakers”.')).toBeTruthy());
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/api/segments')!.body).toEqual({
      name: 'Turkish speakers',
      conditions: { all: [{ field: 'contact.language', op: 'eq', value: 'tr' }] },
    });
    const options = [...(screen.getByLabelText('Send to') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['Contacts matching the conditions below', 'Turkish speakers', 'VIP customers']);
  });

  it('counts and sends to contacts a ticked “Not” row leaves out, in the marketer’s language', async () => {
    const { server, app } = await setup();
    const notTurkish = { conditions: { all: [{ not: { field: 'contact.language', op: 'eq', value: 'tr' } }] } };
    app.i18n.setLocale('tr');
    await fireEvent.click(await screen.findByLabelText('Değil'));
    await waitFor(() => expect(server.calls.at(-1)!.body).toEqual(notTurkish));
    app.i18n.setLocale('en');
    await screen.findByLabelText('Campaign name');
    await fillAndCreate();
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).toMatchObject(notTurkish);
  });

  it('refuses a send day already over, next to the day, since it would go to everyone at once', async () => {
    const { server } = await setup();
    await fireEvent.input(screen.getByLabelText('Campaign name'), { target: { value: 'June news' } });
    await fireEvent.input(screen.getByLabelText('Message in English'), { target: { value: 'Hello' } });
    await fireEvent.click(screen.getByLabelText('Newsletter (Email)'));
    await fireEvent.click(screen.getByLabelText('At a time in each contact’s own time zone'));
    const day = screen.getByLabelText('Day');
    await fireEvent.input(day, { target: { value: '2020-01-06' } });
    expect(day.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(day.getAttribute('aria-describedby')!)!.textContent).toMatch(/^That day is over/);
    const create = screen.getByRole('button', { name: 'Create' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    await fireEvent.submit(create.closest('form')!);
    expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(0);
    await fireEvent.input(day, { target: { value: '2999-01-06' } });
    expect(day.getAttribute('aria-invalid')).toBe('false');
    expect(create.disabled).toBe(false);
  });

  it('marks a number typed the wrong way beside the value, in the marketer’s language, and sends neither the count nor the campaign', async () => {
    const { server, app } = await setup();
    await fireEvent.input(screen.getByLabelText('Field'), { target: { value: 'contact.totalSpent' } });
    await fireEvent.change(screen.getByLabelText('Condition'), { target: { value: 'gt' } });
    await fireEvent.input(screen.getByLabelText('Value'), { target: { value: '1.500,50' } });
    expect(screen.getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a number, like 1500.50 (digits, a dot for decimals).')).toBeTruthy();
    await fillAndCreate();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(server.calls.filter((c) => c.method !== 'GET' && (c.path !== '/api/segments/preview' || JSON.stringify(c.body).includes('totalSpent')))).toEqual([]);

    app.i18n.setLocale('tr');
    expect(await screen.findByText('Bir sayı girin, örneğin 1500.50 (rakamlar, ondalık için nokta).')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Değer'), { target: { value: '1500.50' } });
    expect(screen.queryByText(/^Bir sayı girin/)).toBeNull();
    await waitFor(() => expect(server.calls.at(-1)!.body).toEqual({ conditions: { all: [{ field: 'contact.totalSpent', op: 'gt', value: 1500.5 }] } }));
    // "1.500" is a number (1.5), but a Turkish writer may mean fifteen hundred: the row says how it is read.
    await fireEvent.input(screen.getByLabelText('Değer'), { target: { value: '1.500' } });
    expect(screen.getByText('1,5 olarak okunur: nokta ondalığı ayırır. 1500 için noktasız yazın.')).toBeTruthy();
    await waitFor(() => expect(server.calls.at(-1)!.body).toEqual({ conditions: { all: [{ field: 'contact.totalSpent', op: 'gt', value: 1.5 }] } }));
  });

  it('refuses to create a campaign while a condition is half-filled, since it would reach a wider audience than written, and says which one', async () => {
    const { server } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    expect(screen.queryByText(/Finish or remove the incomplete condition/)).toBeNull();
    await fillAndCreate();
    const words = await screen.findByText('Condition 2: Finish or remove the incomplete condition.');
    expect(document.activeElement).toBe(words.parentElement);
    // The row's empty value says so to a screen reader, pointing at those words.
    const row2 = screen.getByRole('group', { name: 'Condition 2' });
    const value = within(row2).getByLabelText('Value');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(value.getAttribute('aria-describedby')).toBe(words.parentElement!.id);
    expect(
      within(screen.getByRole('group', { name: 'Condition 1' }))
        .getByLabelText('Value')
        .getAttribute('aria-invalid'),
    ).toBeNull();
    expect(server.calls.filter((c) => c.method === 'POST' && c.path !== '/api/segments/preview')).toEqual([]);

    await fireEvent.click(screen.getByRole('button', { name: 'Remove condition 2' }));
    expect(screen.queryByText(/Finish or remove the incomplete condition/)).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).toMatchObject({ conditions: { all: [{ field: 'contact.language', op: 'eq', value: 'tr' }] } });
  });

  it('lets a saved segment go out while a condition row below it is half-filled, as the rows are not its audience', async () => {
    const { server } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    await fireEvent.change(screen.getByLabelText('Send to'), { target: { value: 's-vip' } });
    await fillAndCreate();
    await waitFor(() => expect(server.calls.filter((c) => c.path === '/api/campaigns')).toHaveLength(1));
    expect(server.calls.find((c) => c.path === '/api/campaigns')!.body).toMatchObject({ segmentId: 's-vip' });
  });

  it('offers RFM segments by their names in the marketer’s language and sends the code the engine matches', async () => {
    const { server, app } = await setup();
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
