import { describe, expect, it } from 'vitest';
import { runChannelContract } from '../channel.case.test.ts';
import { whatsappDriver } from './index.ts';
import { boomError } from './testing/fake-socket.ts';
import { connectedWhatsApp, customerMessage } from './testing/harness.ts';

runChannelContract('whatsapp', async () => {
  let wa: Awaited<ReturnType<typeof connectedWhatsApp>>;
  return {
    async create(sink) {
      wa = await connectedWhatsApp({}, { sink });
      return wa.channel;
    },
    async deliverInbound(_channel, times) {
      for (let i = 0; i < times; i++) {
        wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('3A5F00C0FFEE', { conversation: 'Siparişim nerede?' })] });
      }
      await wa.channel.idle();
    },
    expected: { identity: { kind: 'whatsapp', value: '905321234567@s.whatsapp.net' }, text: 'Siparişim nerede?' },
    recipient: { kind: 'phone', value: '+905321234567' },
    async sent() {
      return wa.sockets.latest().sent.map((s) => ({ to: s.jid, text: 'text' in s.content ? s.content.text : '' }));
    },
    failNextSend(kind) {
      wa.sockets.latest().failNextSend(kind === 'temporary' ? boomError('Connection Closed', 428) : boomError('item-not-found', 500, 404));
    },
    async close() {},
  };
});

describe('whatsappDriver', () => {
  it('is a pulling channel with no secret fields and parsed defaults', () => {
    expect(whatsappDriver).toMatchObject({ kind: 'whatsapp', pulls: true, secretFields: [] });
    expect(whatsappDriver.configSchema.parse({})).toEqual({ allowGroups: false, sendRatePerSecond: 1 });
    expect(whatsappDriver.configSchema.parse({ phoneNumber: '+90 (532) 123-45-67' }).phoneNumber).toBe('905321234567');
    expect(() => whatsappDriver.configSchema.parse({ sendRatePerSecond: 0 })).toThrow();
  });
});
