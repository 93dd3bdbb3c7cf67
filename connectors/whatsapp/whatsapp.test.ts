import { describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
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
    async deliverReply(_channel, sent, text) {
      const quote = { stanzaId: sent.result.externalId, participant: '908505551234@s.whatsapp.net', quotedMessage: { conversation: sent.outbound.text } };
      wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage(`3A${Date.now().toString(16).toUpperCase()}`, { extendedTextMessage: { text, contextInfo: quote } })] });
      await wa.channel.idle();
    },
    replyReference: 'quotedExternalId',
    forgedWebhook: null,
    async deliverStatus(_channel, sent, status) {
      const code = { sent: proto.WebMessageInfo.Status.SERVER_ACK, delivered: proto.WebMessageInfo.Status.DELIVERY_ACK, failed: proto.WebMessageInfo.Status.ERROR }[status];
      wa.sockets.latest().emit('messages.update', [{ key: { remoteJid: '905321234567@s.whatsapp.net', fromMe: true, id: sent.result.externalId }, update: { status: code } }]);
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
