import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/svelte';
import WhatsAppPairing from './WhatsAppPairing.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

const path = '/api/channels/wa1/pairing';

/** A pairing endpoint that answers each poll with the next reply, repeating the last one. */
function pairingServer(replies: unknown[]) {
  let next = 0;
  const setup = makeApp({ [`GET ${path}`]: () => replies[Math.min(next++, replies.length - 1)] });
  const polls = () => setup.server.calls.filter((c) => c.path === path).length;
  return { ...setup, polls };
}

const render = (app: ReturnType<typeof makeApp>['app']) => renderWithApp(WhatsAppPairing, { channelId: 'wa1', pollMs: 10 }, app);

describe('WhatsAppPairing', () => {
  it('walks from starting through the QR and pairing code to connected, then stops polling', async () => {
    const qr = '2@AbCdEf,ghIjKl,mnOpQr==';
    const { app, polls } = pairingServer([
      { state: 'starting', qr: null, pairingCode: null, lastError: null },
      { state: 'pairing', qr, pairingCode: null, lastError: null },
      { state: 'pairing', qr, pairingCode: 'ABCD-1234', lastError: null },
      { state: 'connected', qr: null, pairingCode: null, lastError: null },
    ]);
    render(app);
    await screen.findByText('Starting the WhatsApp session…');
    expect(screen.queryByRole('img')).toBeNull();

    const image = await screen.findByRole('img', { name: 'WhatsApp pairing QR code' });
    expect(image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    screen.getByText('Scan this code with WhatsApp on the phone: Settings → Linked devices.');
    screen.getByText('Waiting for the phone to link this device.');

    await screen.findByText('Or enter the pairing code: ABCD-1234');

    await screen.findByText('Connected: the phone is linked and messages flow.');
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByText(/pairing code/)).toBeNull();
    const settled = polls();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(polls()).toBe(settled);
  });

  it('shows a failed poll as an error and clears it when the next poll answers', async () => {
    const { app } = pairingServer([
      { status: 500, body: { error: { code: 'internal', message: 'database unavailable' } } },
      { state: 'pairing', qr: null, pairingCode: 'WXYZ-9876', lastError: null },
    ]);
    render(app);
    expect((await screen.findByRole('alert')).textContent).toContain(app.i18n.t('error.server'));
    await screen.findByText('Or enter the pairing code: WXYZ-9876');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why the session is down, from the channel health', async () => {
    const { app } = pairingServer([{ state: 'stopped', qr: null, pairingCode: null, lastError: 'Logged out from the phone: pair the device again' }]);
    render(app);
    await screen.findByText('Stopped. Activate the channel to pair again.');
    screen.getByText('Last problem: Logged out from the phone: pair the device again');
  });

  it('names a state it does not know instead of hiding it, and stops polling when closed', async () => {
    const { app, polls } = pairingServer([{ state: 'syncing', qr: null, pairingCode: null, lastError: null }]);
    const view = render(app);
    await screen.findByText('Pairing state: syncing');
    await waitFor(() => expect(polls()).toBeGreaterThan(1));
    view.unmount();
    const atClose = polls();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(polls()).toBe(atClose);
  });
});
