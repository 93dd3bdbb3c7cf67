import { describe, expect, it } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import CampaignList from './CampaignList.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import type { Campaign, CampaignStats } from '../../api';

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
  replied: 12,
  optedOut: 1,
  ...over,
});

describe('CampaignList', () => {
  it('shows a sending campaign with its progress and figures, and offers pause and cancel only', () => {
    const { app } = makeApp({});
    const campaigns: Campaign[] = [{ id: 'k1', name: 'Spring sale', status: 'running' }];
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

  it('asks once more before cancelling, since a cancelled campaign cannot be resumed', async () => {
    const { app } = makeApp({});
    const commands: string[] = [];
    const campaigns: Campaign[] = [{ id: 'k2', name: 'Winback', status: 'paused' }];
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
    const campaigns: Campaign[] = [{ id: 'k3', name: 'Bayram', status: 'draft' }];
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
    const { getByText, getByRole } = renderWithApp(CampaignList, { campaigns: [{ id: 'k3', name: 'Bayram', status: 'draft' }], stats: {}, onCommand: () => {} }, app);
    expect(getByText('Taslak')).toBeTruthy();
    expect(getByRole('button', { name: 'Başlat' })).toBeTruthy();
  });
});
