import { describe, expect, it } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import CampaignList from './CampaignList.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import type { Campaign, CampaignPreview, CampaignStats } from '../../api';
import { campaign } from '../../../test/fake-server';

import { lira, noRevenue, readRevenuePanel, revenueGroup as group } from '../../../test/revenue';
const stats = (over: Partial<CampaignStats> = {}): CampaignStats => ({
  total: 200,
  queued: 70,
  deferred: 0,
  sent: 100,
  delivered: 20,
  failed: 1,
  bounced: 2,
  cancelled: 2,
  skipped: 5,
  skippedByReason: { 'opted-out': 5 },
  heldOut: 0,
  awaitingWinner: 0,
  replied: 12,
  optedOut: 1,
  opened: 40,
  clicked: 9,
  machineOpens: 30,
  status: 'sending',
  revenue: noRevenue,
  variants: [],
  abTest: null,
  ...over,
});

type Sample = NonNullable<CampaignPreview['sample']>;
/** A draft's dry run: one contact reachable, Ayşe's plain-text sample; `over` changes the answer, `over.sample` the sample. */
const previewAnswer = ({ sample, ...over }: Partial<Omit<CampaignPreview, 'sample'>> & { sample?: Partial<Sample> } = {}): CampaignPreview => ({
  campaignId: 'k1',
  variant: null,
  at: '2026-07-01T10:00:00.000Z',
  audience: 1,
  heldOut: 0,
  reachable: 1,
  deferred: 0,
  channels: [],
  skipped: 0,
  skippedByReason: {},
  sample: {
    contactId: 'c1',
    name: 'Ayşe',
    inAudience: true,
    outcome: 'sends',
    skipReason: null,
    channel: null,
    at: '2026-07-01T10:00:00.000Z',
    language: 'en',
    subject: null,
    body: 'Hello',
    text: 'Hello',
    html: null,
    missingVariables: [],
    renders: [],
    ...sample,
  },
  templateCheck: { ok: true, missing: [] },
  ...over,
});

describe('CampaignList', () => {
  it('shows a sending campaign with its progress and figures, and offers pause and cancel only', () => {
    const { app } = makeApp({});
    const campaigns: Campaign[] = [campaign({ id: 'k1', name: 'Spring sale', status: 'running' })];
    const { getByRole, getByText, queryByRole } = renderWithApp(CampaignList, { campaigns, stats: { k1: stats() }, onCommand: () => {} }, app);
    expect(getByText('Sending')).toBeTruthy();
    const bar = getByRole('progressbar', { name: 'Progress of Spring sale' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([130, 200]);
    expect(getByText('130 of 200 handled (65%)')).toBeTruthy();
    expect(getByText('Replied').nextElementSibling?.textContent).toBe('12');
    expect(getByText('Bounced').nextElementSibling?.textContent).toBe('2');
    expect(getByText('Waiting to send').nextElementSibling?.textContent).toBe('70');
    expect(getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(queryByRole('button', { name: 'Start' })).toBeNull();
    expect(queryByRole('button', { name: 'Resume' })).toBeNull();
  });

  it('asks before picking an A/B winner, saying how many still waiting get that variant', async () => {
    const { app } = makeApp({});
    const picked: string[] = [];
    const campaigns: Campaign[] = [campaign({ id: 'k3', name: 'Spring sale', status: 'running' })];
    const abTest = { metric: 'click', testPercent: 20, winner: null, decidedAt: null, decidedBy: null, leader: 'B', runnerUp: 'A', lift: null, significant: false } as const;
    const figures = (key: 'A' | 'B') => ({ key, templateId: `t-${key}`, recipients: 20, sent: 20, replied: 0, clicked: 2, converted: 0, revenue: '0.00', rate: 0.1 });
    const { getByRole, findByRole } = renderWithApp(
      CampaignList,
      { campaigns, stats: { k3: stats({ abTest, variants: [figures('A'), figures('B')], awaitingWinner: 160 }) }, onCommand: () => {}, onPickWinner: (_c: Campaign, key: string) => picked.push(key) },
      app,
    );
    await fireEvent.click(getByRole('button', { name: 'Pick B' }));
    expect(picked).toEqual([]);
    const dialog = await findByRole('dialog');
    expect(dialog.textContent).toContain('Pick variant B as the winner of “Spring sale”? The test ends here.');
    expect(dialog.textContent).toContain('Variant B’s message goes to the 160 recipients still waiting.');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Pick B' }));
    expect(picked).toEqual(['B']);
  });

  it('asks once more before cancelling, since a cancelled campaign cannot be resumed', async () => {
    const { app } = makeApp({});
    const commands: string[] = [];
    const campaigns: Campaign[] = [campaign({ id: 'k2', name: 'Winback', status: 'paused' })];
    const { getByRole } = renderWithApp(CampaignList, { campaigns, stats: {}, onCommand: (_c: Campaign, command: string) => commands.push(command) }, app);
    await fireEvent.click(getByRole('button', { name: 'Cancel campaign' }));
    expect(commands).toEqual([]);
    await fireEvent.click(getByRole('button', { name: 'Really cancel? This cannot be undone' }));
    await fireEvent.click(getByRole('button', { name: 'Resume' }));
    expect(commands).toEqual(['cancel', 'resume']);
  });

  it('starts a campaign only after a dialog that names it and says messages go out now', async () => {
    const { app } = makeApp({});
    const commands: string[] = [];
    const campaigns: Campaign[] = [campaign({ id: 'k3', name: 'Bayram', status: 'draft' })];
    const { getByRole, queryByRole } = renderWithApp(CampaignList, { campaigns, stats: {}, onCommand: (_c: Campaign, command: string) => commands.push(command) }, app);
    await fireEvent.click(getByRole('button', { name: 'Start' }));
    expect(commands).toEqual([]);
    const dialog = getByRole('dialog', { name: 'Are you sure?' });
    expect(dialog.textContent).toContain('Start the campaign “Bayram”? Messages begin going out to its audience now.');
    await fireEvent.click(getByRole('button', { name: 'Cancel' }));
    expect(queryByRole('dialog')).toBeNull();
    expect(commands).toEqual([]);
    await fireEvent.click(getByRole('button', { name: 'Start' }));
    const confirm = [...getByRole('dialog').querySelectorAll('button')].find((b) => b.textContent === 'Start')!;
    await fireEvent.click(confirm);
    expect(commands).toEqual(['start']);
  });

  it('speaks Turkish', () => {
    const { app } = makeApp({});
    app.i18n.setLocale('tr');
    const { getByText, getByRole } = renderWithApp(CampaignList, { campaigns: [campaign({ id: 'k3', name: 'Bayram', status: 'draft' })], stats: {}, onCommand: () => {} }, app);
    expect(getByText('Taslak')).toBeTruthy();
    expect(getByRole('button', { name: 'Başlat' })).toBeTruthy();
  });

  it('shows a completed status from the stats, not the stale list state', () => {
    const { app } = makeApp({});
    const { getByText } = renderWithApp(
      CampaignList,
      { campaigns: [campaign({ id: 'k1', name: 'Sale', status: 'running' })], stats: { k1: stats({ status: 'completed', queued: 0 }) }, onCommand: () => {} },
      app,
    );
    expect(getByText('Completed')).toBeTruthy();
  });

  it("names an unnamed sample contact, and a test's recipient, by the address as people read it", async () => {
    const to = '2031a505-4daf-4fdc-9624-dd7aabd38d76:+905321112233';
    const { app } = makeApp({
      'POST /api/campaigns/:id/test-send': () => ({ sent: true, kind: 'api', to, subject: null, body: '' }),
      'POST /api/campaigns/:id/preview': () =>
        previewAnswer({ campaignId: 'k5', sample: { contactId: 'c2', name: null, channel: { channelId: 'ch1', kind: 'api', to }, language: 'tr', body: 'Merhaba', text: 'Merhaba' } }),
    });
    const { getByRole, findByText, getByLabelText } = renderWithApp(CampaignList, { campaigns: [campaign({ id: 'k5', name: 'Bayram', status: 'draft' })], stats: {}, onCommand: () => {} }, app);
    await fireEvent.click(getByRole('button', { name: 'Preview' }));
    expect(await findByText('As +905321112233 would get it', { exact: false })).toBeTruthy();
    // An API channel's recipient is said by the integrator's id, not with the channel's id before it.
    await fireEvent.input(getByLabelText('Send a test to'), { target: { value: '+905321112233' } });
    await fireEvent.click(getByRole('button', { name: 'Send test' }));
    expect(await findByText('Test sent to +905321112233.')).toBeTruthy();
  });

  it("previews a draft before Start: reach per channel, skips, the sample, the template's blanks, and a test send", async () => {
    const preview = previewAnswer({
      campaignId: 'k4',
      audience: 7,
      heldOut: 1,
      reachable: 3,
      deferred: 1,
      channels: [{ channelId: 'ch1', kind: 'sms', name: 'SMS line', recipients: 3 }],
      skipped: 3,
      skippedByReason: { 'opted-out': 2, 'no-preferred-channel': 1 },
      sample: { channel: { channelId: 'ch1', kind: 'sms', to: '+90532' }, language: 'tr', body: 'Merhaba Ayşe, 120 harcadınız.', text: 'Merhaba Ayşe, 120 harcadınız.' },
      templateCheck: { ok: false, missing: [{ variable: 'contact.attributes.spent', contacts: 2, sampleContactIds: [] }] },
    });
    const { app, server } = makeApp({
      'POST /api/campaigns/:id/preview': () => preview,
      'POST /api/campaigns/:id/test-send': (r: { body: { to: string } }) =>
        r.body.to === 'me@x.com'
          ? { sent: true, kind: 'email', to: 'me@x.com', subject: null, body: '' }
          : { status: 422, body: { error: { code: 'invalid_recipient', message: '“nope” is not an email address (email)' } } },
    });
    const { getByRole, findByText, getByText, getByLabelText } = renderWithApp(
      CampaignList,
      { campaigns: [campaign({ id: 'k4', name: 'Bayram', status: 'draft' })], stats: {}, onCommand: () => {} },
      app,
    );
    await fireEvent.click(getByRole('button', { name: 'Preview' }));
    expect((await findByText('3 of 7 contacts can be reached', { exact: false })).textContent).toContain('1 held out (never sent, to measure lift)');
    expect(getByText('SMS line (SMS)').nextElementSibling?.textContent).toBe('3');
    expect(getByText('Opted out').nextElementSibling?.textContent).toBe('2');
    expect(getByText('No preferred channel set').nextElementSibling?.textContent).toBe('1');
    expect(getByText('Merhaba Ayşe, 120 harcadınız.')).toBeTruthy();
    expect(getByText('As Ayşe would get it', { exact: false })).toBeTruthy();
    expect(getByRole('alert').textContent).toContain('{{contact.attributes.spent}} has no value for 2 contacts and no fallback. Add one, like {{contact.attributes.spent | "…"}}.');
    await fireEvent.input(getByLabelText('Send a test to'), { target: { value: 'nope' } });
    await fireEvent.click(getByRole('button', { name: 'Send test' }));
    await waitFor(() => expect(getByText('“nope” is not an email address (email)', { exact: false })).toBeTruthy());
    await fireEvent.input(getByLabelText('Send a test to'), { target: { value: 'me@x.com' } });
    await fireEvent.click(getByRole('button', { name: 'Send test' }));
    expect(await findByText('Test sent to me@x.com.')).toBeTruthy();
    expect(server.calls.filter((c) => c.path === '/api/campaigns/k4/test-send').map((c) => c.body)).toEqual([{ to: 'nope' }, { to: 'me@x.com' }]);
  });
  it("previews and test-sends an A/B campaign's other variant when the marketer picks it", async () => {
    const preview = (variant: string) => {
      const body = variant === 'B' ? 'Only this week!' : 'Summer sale';
      return previewAnswer({ campaignId: 'ab1', variant, audience: 2, reachable: 2, sample: { body, text: body } });
    };
    const { app, server } = makeApp({
      'POST /api/campaigns/:id/preview': (r: { body: { variant?: string } }) => preview(r.body.variant ?? 'A'),
      'POST /api/campaigns/:id/test-send': (r: { body: { to: string } }) => ({ sent: true, kind: 'sms', to: r.body.to, subject: null, body: '' }),
    });
    const variants = (['A', 'B'] as const).map((key) => ({ key, templateId: `t-${key}`, weight: 1 }));
    const { getByRole, findByText, getByLabelText } = renderWithApp(
      CampaignList,
      { campaigns: [campaign({ id: 'ab1', name: 'Summer A/B', status: 'draft', variants, abTest: { metric: 'reply' } })], stats: {}, onCommand: () => {} },
      app,
    );
    await fireEvent.click(getByRole('button', { name: 'Preview' }));
    expect(await findByText('Summer sale')).toBeTruthy();
    const picker = getByLabelText('Preview and test') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Variant A', 'Variant B']);
    await fireEvent.change(picker, { target: { value: 'B' } });
    expect(await findByText('Only this week!')).toBeTruthy();
    await fireEvent.input(getByLabelText('Send a test to'), { target: { value: '+905551112233' } });
    await fireEvent.click(getByRole('button', { name: 'Send test' }));
    expect(await findByText('Test sent to +905551112233.')).toBeTruthy();
    expect(server.calls.filter((c) => c.path === '/api/campaigns/ab1/preview').map((c) => c.body)).toEqual([{}, { variant: 'B' }]);
    expect(server.calls.filter((c) => c.path === '/api/campaigns/ab1/test-send').map((c) => c.body)).toEqual([{ to: '+905551112233', variant: 'B' }]);
  });

  it('shows revenue for messaged and held-out contacts, and each lift with its interval or that it is not significant', () => {
    const { app } = makeApp({});
    const revenue = {
      currency: 'TRY',
      windowDays: 7,
      messaged: group(1800, 90, '27000.00', '15.00'),
      heldOut: group(200, 4, '1200.00', '6.00'),
      lift: { conversionRate: { absolute: 0.03, relative: 1.5, ci95: [0.0081, 0.0519] as [number, number] }, revenuePerRecipient: { absolute: '9.00', ci95: ['-2.10', '20.10'] as [string, string] } },
    };
    const s = stats({ status: 'completed', total: 2000, heldOut: 200, queued: 0, revenue });
    const { getByText, getByRole } = renderWithApp(CampaignList, { campaigns: [campaign({ id: 'k5', name: 'June sale', status: 'completed' })], stats: { k5: s }, onCommand: () => {} }, app);
    expect(getByText('Held out', { selector: 'dt' }).nextElementSibling?.textContent).toBe('200');
    const table = getByRole('region', { name: 'Revenue (last touch, 7 days)' });
    expect(readRevenuePanel(table)).toEqual({
      rows: [
        ['Messaged', '1,800', '90', '5.0%', lira(27000), lira(15)],
        ['Held out', '200', '4', '2.0%', lira(1200), lira(6)],
      ],
      lines: ['Conversion lift: +3.0% (95% CI +0.8% to +5.2%)', `Revenue per recipient lift: +${lira(9)} (95% CI −${lira(2.1)} to +${lira(20.1)}), not significant`],
    });
  });

  it('says in Turkish that a lift is not significant', () => {
    const { app } = makeApp({});
    app.i18n.setLocale('tr');
    const revenue = {
      currency: 'TRY',
      windowDays: 7,
      messaged: group(10, 1),
      heldOut: group(10, 0),
      lift: { conversionRate: { absolute: 0.1, relative: null, ci95: [-0.086, 0.286] as [number, number] }, revenuePerRecipient: { absolute: '0.00', ci95: ['0.00', '0.00'] as [string, string] } },
    };
    const { getByText } = renderWithApp(
      CampaignList,
      { campaigns: [campaign({ id: 'k6', name: 'Bayram', status: 'completed' })], stats: { k6: stats({ status: 'completed', revenue }) }, onCommand: () => {} },
      app,
    );
    expect(getByText('Dönüşüm artışı: +%10,0 (%95 GA −%8,6 ile +%28,6 arası), anlamlı değil')).toBeTruthy();
  });

  it('shows an HTML email in a sandboxed frame as it is sent, not its tags as text', async () => {
    const html = '<p>Our <b>June</b> news</p>';
    const { app } = makeApp({
      'POST /api/campaigns/:id/preview': () =>
        previewAnswer({ campaignId: 'k6', sample: { channel: { channelId: 'ch1', kind: 'email', to: 'a@x.com' }, subject: 'June', body: html, text: 'Our June news', html } }),
    });
    const { getByRole, findByTitle, queryByText } = renderWithApp(CampaignList, { campaigns: [campaign({ id: 'k6', name: 'June', status: 'draft' })], stats: {}, onCommand: () => {} }, app);
    await fireEvent.click(getByRole('button', { name: 'Preview' }));
    const frame = (await findByTitle('Sample message')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain(html);
    expect(queryByText(html)).toBeNull();
  });

  it('drops the dry run once the campaign has started, since its figures then say what happened', async () => {
    const { app } = makeApp({ 'POST /api/campaigns/:id/preview': () => new Promise(() => {}) });
    const { getByRole, queryByRole, rerender } = renderWithApp(CampaignList, { campaigns: [campaign({ id: 'k7', name: 'July', status: 'draft' })], stats: {}, onCommand: () => {} }, app);
    await fireEvent.click(getByRole('button', { name: 'Preview' }));
    expect(getByRole('region', { name: 'Before you start' })).toBeTruthy();
    await rerender({ campaigns: [campaign({ id: 'k7', name: 'July', status: 'running' })], stats: {}, onCommand: () => {} });
    expect(queryByRole('region', { name: 'Before you start' })).toBeNull();
  });
});
