import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { makeWhatsApp } from './testing/harness.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WhatsApp socket supervision', () => {
  it('shows the QR as pairing health, then reports connected once the socket opens', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    const socket = wa.sockets.latest();
    socket.emit('connection.update', { connection: 'connecting', qr: '2@abc,def' });
    await settle();
    expect(wa.lastHealth()).toMatchObject({ state: 'pairing', details: { qr: '2@abc,def' } });
    socket.open();
    await settle();
    expect(wa.lastHealth()).toMatchObject({ state: 'connected', details: {} });
  });

  it('announces the current WhatsApp Web version, so WhatsApp does not refuse an aged client', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    expect(wa.sockets.latest().config.version).toEqual([2, 3000, 1020304050]);
  });

  it('names the linked device after browserName, on a platform WhatsApp knows', async () => {
    const wa = makeWhatsApp({ browserName: 'Acme Destek' });
    await wa.channel.start();
    expect(wa.sockets.latest().config.browser).toEqual(['Acme Destek', 'Chrome', '1.0']);
  });

  it('asks for a pairing code once per socket when a phone number is configured', async () => {
    const wa = makeWhatsApp({ phoneNumber: '+90 532 123 45 67' });
    await wa.channel.start();
    const socket = wa.sockets.latest();
    socket.emit('connection.update', { qr: 'qr-1' });
    socket.emit('connection.update', { qr: 'qr-2' });
    await settle();
    expect(socket.pairingCodeRequests).toEqual(['905321234567']);
    expect(wa.lastHealth()).toMatchObject({ state: 'pairing', details: { pairingCode: 'ABCD1234' } });
  });

  it('saves creds on every creds.update, so a restart logs straight back in', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    wa.sockets.latest().emit('creds.update', { registered: true, me: { id: '905320000000:3@s.whatsapp.net' } });
    await settle();
    expect(wa.state.map.get('wa:creds')).toMatchObject({ registered: true, me: { id: '905320000000:3@s.whatsapp.net' } });
    expect(wa.sockets.latest().config.auth?.creds.registered).toBe(true);
    wa.sockets.latest().open();
    await settle();
    expect(wa.lastHealth()).toMatchObject({ state: 'connected', details: { account: '905320000000@s.whatsapp.net' } });
  });

  it('reports a failed start and lets the next start try again', async () => {
    const wa = makeWhatsApp();
    const get = wa.state.get.bind(wa.state);
    wa.state.get = async () => {
      throw new Error('state table missing');
    };
    await expect(wa.channel.start()).rejects.toThrow('state table missing');
    expect(wa.lastHealth()).toMatchObject({ state: 'error', lastError: expect.stringMatching(/state table missing/) });
    wa.state.get = get;
    await wa.channel.start();
    expect(wa.sockets.sockets).toHaveLength(1);
  });

  it.each([DisconnectReason.badSession, DisconnectReason.connectionClosed])('restarts exactly once, after the backoff, when the connection closes with %i', async (code) => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    const first = wa.sockets.latest();
    first.open();
    first.close(code);
    first.close(code); // Baileys can report a close twice; still one restart
    await settle();
    expect(wa.timers.live()).toHaveLength(1);
    expect(wa.timers.live()[0].ms).toBe(1000);
    expect(wa.sockets.sockets).toHaveLength(1);
    await wa.timers.runAll();
    expect(wa.sockets.sockets).toHaveLength(2);
    // the new socket reuses the same retry counter cache, which outlives sockets
    expect(wa.sockets.latest().config.msgRetryCounterCache).toBe(first.config.msgRetryCounterCache);
  });

  it('backs off longer on each failed attempt and resets after a successful open', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    wa.sockets.latest().close(DisconnectReason.connectionLost);
    await settle();
    await wa.timers.runAll();
    wa.sockets.latest().close(DisconnectReason.connectionLost);
    await settle();
    expect(wa.timers.live().map((t) => t.ms)).toEqual([2000]);
    await wa.timers.runAll();
    wa.sockets.latest().open();
    wa.sockets.latest().close(DisconnectReason.connectionLost);
    await settle();
    expect(wa.timers.live().map((t) => t.ms)).toEqual([1000]);
  });

  it('reconnects at once when WhatsApp asks for a restart after pairing (515)', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    wa.sockets.latest().close(DisconnectReason.restartRequired);
    await settle();
    expect(wa.timers.live().map((t) => t.ms)).toEqual([0]);
  });

  it('clears the session and stops without restarting when logged out from the phone (401)', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    await wa.sockets.latest().config.auth!.keys.set({ session: { a: Buffer.from('s') } });
    wa.sockets.latest().emit('creds.update', { registered: true });
    await settle();
    wa.sockets.latest().close(DisconnectReason.loggedOut);
    await settle();
    expect(wa.timers.live()).toHaveLength(0);
    expect([...wa.state.map.keys()]).toEqual([]);
    expect(wa.lastHealth().state).toBe('stopped');
    expect(wa.lastHealth().lastError).toMatch(/logged out/i);
  });

  it('stops without restarting when another session replaces this one (440)', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    wa.sockets.latest().emit('creds.update', { registered: true });
    wa.sockets.latest().close(DisconnectReason.connectionReplaced);
    await settle();
    expect(wa.timers.live()).toHaveLength(0);
    expect(wa.sockets.sockets).toHaveLength(1);
    expect(wa.state.map.has('wa:creds')).toBe(true);
    expect(wa.lastHealth()).toMatchObject({ state: 'stopped', lastError: expect.stringMatching(/replaced/) });
  });

  it('stop ends the socket but keeps the session, and cancels a pending restart', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    wa.sockets.latest().emit('creds.update', { registered: true });
    wa.sockets.latest().close(DisconnectReason.connectionClosed);
    await settle();
    await wa.timers.runAll();
    const socket = wa.sockets.latest();
    socket.open();
    socket.close(DisconnectReason.timedOut);
    await settle();
    await wa.channel.stop();
    expect(wa.timers.live()).toHaveLength(0);
    expect(wa.state.map.has('wa:creds')).toBe(true);
    expect(wa.lastHealth().state).toBe('stopped');
  });

  it('ends the open socket on stop without logging out', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    const socket = wa.sockets.latest();
    socket.open();
    await wa.channel.stop();
    expect(socket.ended).toBe(true);
    expect(socket.loggedOut).toBe(false);
    expect(wa.timers.live()).toHaveLength(0);
  });

  it('logout unlinks the device and clears the session', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    const socket = wa.sockets.latest();
    socket.emit('creds.update', { registered: true });
    socket.open();
    await settle();
    await wa.channel.logout();
    expect(socket.loggedOut).toBe(true);
    expect(wa.state.map.size).toBe(0);
    expect(wa.timers.live()).toHaveLength(0);
  });

  it('stops when the channel signal aborts', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    const socket = wa.sockets.latest();
    socket.open();
    wa.abort.abort();
    await settle();
    expect(socket.ended).toBe(true);
    expect(wa.timers.live()).toHaveLength(0);
  });
});
