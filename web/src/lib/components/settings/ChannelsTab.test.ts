import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/svelte';
import ChannelsTab from './ChannelsTab.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

const inbox = (health: unknown) => ({ id: 'em1', kind: 'email', name: 'Support mailbox', active: true, config: {}, health, createdAt: '2026-11-02T10:00:00Z' });

describe('ChannelsTab', () => {
  it('tells which messages an inbox skipped and that they are still in the mailbox', async () => {
    const health = { state: 'connected', details: { lastUid: 12, skipped: { count: 1, latest: [{ uid: 7, subject: 'Broken invoice' }] } } };
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [inbox(health)] }) });
    renderWithApp(ChannelsTab, {}, app);
    const note = await screen.findByRole('note');
    expect(note.textContent).toBe('1 message could not be imported (still in the mailbox): “Broken invoice”');
  });

  it('shows no such line for an inbox that skipped nothing', async () => {
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [inbox({ state: 'connected', details: { lastUid: 3 } })] }) });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Support mailbox');
    expect(screen.queryByRole('note')).toBeNull();
  });
});
