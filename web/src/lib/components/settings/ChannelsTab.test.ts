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

  it('says a new API channel is ready for its first message, not stopped, in both languages', async () => {
    const api = { id: 'api1', kind: 'api', name: 'Shop API', active: true, config: {}, health: { state: 'stopped' }, inboundUrl: 'http://ulak.test/api/channels/api1/inbound', createdAt: '2026-11-02T10:00:00Z' };
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [api, inbox({ state: 'stopped' })] }) });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Shop API');
    // A mailbox that is stopped is stopped; an API channel waits for pushes and has nothing to run.
    expect(screen.getAllByTestId('channel-health').map((el) => el.textContent)).toEqual(['Ready, waiting for the first message', 'Stopped']);
    app.i18n.setLocale('tr');
    await screen.findByText('Hazır, ilk mesaj bekleniyor');
  });

  it('shows a paused API channel without a ready line, and a connected one as connected', async () => {
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [
      { id: 'a1', kind: 'api', name: 'Paused API', active: false, config: {}, health: { state: 'stopped' }, createdAt: '2026-11-02T10:00:00Z' },
      { id: 'a2', kind: 'api', name: 'Busy API', active: true, config: {}, health: { state: 'connected' }, createdAt: '2026-11-02T10:00:00Z' },
    ] }) });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Busy API');
    expect(screen.getAllByTestId('channel-health').map((el) => el.textContent)).toEqual(['Stopped', 'Connected']);
  });
});
