import { makeWASocket } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWhatsAppDriver } from './index.ts';
import { ManualSchedule, testContext } from './testing/harness.ts';

// The real Baileys socket, built by our driver, against a WebSocket server on loopback:
// proves the socket config we pass (auth state, caches, logger) is one Baileys accepts.
describe('WhatsApp driver with the real Baileys socket', () => {
  let server: Bun.Server<undefined> | undefined;
  afterEach(() => server?.stop(true));

  it('opens a WebSocket to WhatsApp, sends the handshake, and schedules one restart when it is cut', async () => {
    const frames: number[] = [];
    server = Bun.serve<undefined>({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (request, srv) => (srv.upgrade(request) ? undefined : new Response('websocket only', { status: 400 })),
      websocket: {
        message(ws, data) {
          frames.push(typeof data === 'string' ? data.length : data.byteLength);
          ws.close(1000, 'not a real WhatsApp server');
        },
      },
    });
    const url = `ws://127.0.0.1:${server.port}/ws/chat`;
    const timers = new ManualSchedule();
    const driver = createWhatsAppDriver({
      makeSocket: (config) => makeWASocket({ ...config, waWebSocketUrl: url }),
      schedule: timers.schedule,
      resolveVersion: async () => undefined, // never ask web.whatsapp.com from a test
    });
    const test = testContext();
    const channel = driver.create(test.ctx);
    await channel.start!();
    await vi.waitFor(() => expect(timers.live()).toHaveLength(1), { timeout: 5000 });
    expect(frames.length).toBeGreaterThan(0);
    expect(test.lastHealth()).toMatchObject({ state: 'disconnected', lastError: expect.stringMatching(/428/) });
    await channel.stop!();
    expect(timers.live()).toHaveLength(0);
    expect(test.lastHealth().state).toBe('stopped');
  });
});
