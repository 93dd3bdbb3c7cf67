import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
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

  it('names the worker process running a channel, so an operator of several workers can find it', async () => {
    const { app } = makeApp({
      'GET /api/channels': () => ({ items: [inbox({ state: 'connected', worker: 'work-2#41' }), { ...inbox({ state: 'stopped', worker: null }), id: 'em2', name: 'Old mailbox' }] }),
    });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Old mailbox');
    expect(screen.getAllByTestId('channel-worker').map((el) => el.textContent)).toEqual(['(runs on work-2#41)']);
  });

  it('shows no such line for an inbox that skipped nothing', async () => {
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [inbox({ state: 'connected', details: { lastUid: 3 } })] }) });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Support mailbox');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('says a new API channel is ready for its first message, not stopped, in both languages', async () => {
    const api = {
      id: 'api1',
      kind: 'api',
      name: 'Shop API',
      active: true,
      config: {},
      health: { state: 'stopped' },
      inboundUrl: 'http://ulak.test/api/channels/api1/inbound',
      createdAt: '2026-11-02T10:00:00Z',
    };
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [api, inbox({ state: 'stopped' })] }) });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Shop API');
    // A mailbox that is stopped is stopped; an API channel waits for pushes and has nothing to run.
    expect(screen.getAllByTestId('channel-health').map((el) => el.textContent)).toEqual(['Ready, waiting for the first message', 'Stopped']);
    app.i18n.setLocale('tr');
    await screen.findByText('Hazır, ilk mesaj bekleniyor');
  });

  it('shows a paused API channel without a ready line, and a connected one as connected', async () => {
    const { app } = makeApp({
      'GET /api/channels': () => ({
        items: [
          { id: 'a1', kind: 'api', name: 'Paused API', active: false, config: {}, health: { state: 'stopped' }, createdAt: '2026-11-02T10:00:00Z' },
          { id: 'a2', kind: 'api', name: 'Busy API', active: true, config: {}, health: { state: 'connected' }, createdAt: '2026-11-02T10:00:00Z' },
        ],
      }),
    });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Busy API');
    expect(screen.getAllByTestId('channel-health').map((el) => el.textContent)).toEqual(['Stopped', 'Connected']);
  });

  it('asks before deleting a channel and, when conversations are still open on it, says how many and keeps it', async () => {
    const shop = { id: 'api1', kind: 'api', name: 'Shop API', active: true, config: {}, health: { state: 'connected' }, createdAt: '2026-11-02T10:00:00Z' };
    let deletes = 0;
    const { app } = makeApp({
      'GET /api/channels': () => ({ items: [shop] }),
      'DELETE /api/channels/api1': () => {
        deletes++;
        return { status: 409, body: { error: { code: 'channel_in_use', message: '3 open conversation(s) use this channel', openConversations: 3 } } };
      },
    });
    app.i18n.setLocale('tr');
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Shop API');
    await fireEvent.click(screen.getByRole('button', { name: 'Sil' }));
    const dialog = screen.getByRole('dialog', { name: 'Emin misiniz?' });
    expect(dialog.textContent).toContain('“Shop API” kanalı silinsin mi?');
    expect(deletes).toBe(0);
    await fireEvent.click(screen.getAllByRole('button', { name: 'Sil' }).find((b) => dialog.contains(b))!);
    const refusal = await screen.findByText('“Shop API” kanalında hâlâ 3 açık konuşma var');
    expect(deletes).toBe(1);
    expect(refusal.closest('[role="dialog"]')).not.toBeNull();
    expect(screen.getByText('Shop API')).toBeTruthy();
  });

  it('deletes a channel with nothing open once confirmed, and not when cancelled', async () => {
    const shop = { id: 'api1', kind: 'api', name: 'Shop API', active: true, config: {}, health: { state: 'connected' }, createdAt: '2026-11-02T10:00:00Z' };
    let deletes = 0;
    const { app } = makeApp({ 'GET /api/channels': () => ({ items: [shop] }), 'DELETE /api/channels/api1': () => (deletes++, { ok: true }) });
    renderWithApp(ChannelsTab, {}, app);
    await screen.findByText('Shop API');
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(deletes).toBe(0);
    expect(screen.queryByRole('dialog')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    await fireEvent.click([...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Delete')!);
    await waitFor(() => expect(screen.queryByText('Shop API')).toBeNull());
    expect(deletes).toBe(1);
  });

  it('shows a config problem in Turkish under its field, and "Try again" sends the corrected form again', async () => {
    const posts: any[] = [];
    const { app, server } = makeApp({
      'GET /api/channels': () => ({ items: [] }),
      'POST /api/channels': (r) => {
        posts.push(r.body);
        if (posts.length === 1) {
          return {
            status: 422,
            body: {
              error: {
                code: 'invalid_config',
                message: 'config.botToken: Too small: expected string to have >=20 characters',
                fields: [{ path: 'config.botToken', code: 'too_small', minimum: 20, origin: 'string' }],
              },
            },
          };
        }
        return { status: 201, body: { id: 'tg1', kind: 'telegram', name: r.body.name, active: true, config: {}, health: { state: 'connected' }, createdAt: '2026-11-02T10:00:00Z' } };
      },
    });
    app.i18n.setLocale('tr');
    renderWithApp(ChannelsTab, {}, app);
    const kind = screen.getByLabelText('Kanal türü') as HTMLSelectElement;
    (kind.querySelector('option[value="telegram"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(kind);
    await fireEvent.input(screen.getByLabelText('Kanal adı'), { target: { value: 'Bot' } });
    const token = screen.getByLabelText('@BotFather’dan alınan bot belirteci *');
    await fireEvent.input(token, { target: { value: 'short' } });
    await fireEvent.submit(token.closest('form')!);
    await waitFor(() => expect(token.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('ch-botToken-error')!.textContent).toBe('En az 20 karakter girin.');
    expect(screen.getByRole('alert').textContent).not.toMatch(/config\.|Too small/);
    await fireEvent.input(token, { target: { value: '123456:ABCDEFGHIJKLMNOPQRST' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tekrar dene' }));
    await screen.findByText('Bot');
    expect(posts.map((p) => p.config.botToken)).toEqual(['short', '123456:ABCDEFGHIJKLMNOPQRST']);
    expect(server.calls.filter((c) => c.method === 'GET' && c.path === '/api/channels')).toHaveLength(1);
  });
});
