import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { ChannelError } from '../channel.ts';
import { boomError } from './testing/fake-socket.ts';
import { connectedWhatsApp, customerMessage, makeWhatsApp } from './testing/harness.ts';
import { whatsappMessageId } from './message-id.ts';

const customer = { kind: 'whatsapp' as const, value: '905321234567@s.whatsapp.net' };

describe('WhatsApp outbound', () => {
  it('derives a WhatsApp-shaped message id from our id, the same on every call', () => {
    const id = whatsappMessageId('0b5c6d1e-0000-4000-8000-000000000001');
    expect(id).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(whatsappMessageId('0b5c6d1e-0000-4000-8000-000000000001')).toBe(id);
    expect(whatsappMessageId('0b5c6d1e-0000-4000-8000-000000000002')).not.toBe(id);
  });

  it('sends text with the deterministic message id and returns it as the provider id', async () => {
    const wa = await connectedWhatsApp();
    const result = await wa.channel.send({ id: 'msg-1', to: customer, text: 'Siparişiniz yolda' });
    const socket = wa.sockets.latest();
    expect(socket.sent).toEqual([{ jid: '905321234567@s.whatsapp.net', content: { text: 'Siparişiniz yolda' }, options: { messageId: whatsappMessageId('msg-1') } }]);
    expect(result).toEqual({ externalId: whatsappMessageId('msg-1'), status: 'sent' });
  });

  it('reuses the same message id when a failed send is retried', async () => {
    const wa = await connectedWhatsApp();
    const socket = wa.sockets.latest();
    socket.failNextSend(boomError('Connection Closed', 428));
    const error = await wa.channel.send({ id: 'msg-2', to: customer, text: 'hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.code).toBe('TEMPORARY');
    await wa.channel.send({ id: 'msg-2', to: customer, text: 'hi' });
    expect(socket.sent.map((s) => s.options?.messageId)).toEqual([whatsappMessageId('msg-2'), whatsappMessageId('msg-2')]);
  });

  it('does not send again a message this process already sent', async () => {
    const wa = await connectedWhatsApp();
    await wa.channel.send({ id: 'msg-3', to: customer, text: 'once' });
    const again = await wa.channel.send({ id: 'msg-3', to: customer, text: 'once' });
    expect(again.externalId).toBe(whatsappMessageId('msg-3'));
    expect(wa.sockets.latest().sent).toHaveLength(1);
  });

  it('answers getMessage from the messages it sent, for recipients asking for a resend', async () => {
    const wa = await connectedWhatsApp();
    await wa.channel.send({ id: 'msg-4', to: customer, text: 'retry me' });
    const getMessage = wa.sockets.latest().config.getMessage!;
    expect(await getMessage({ id: whatsappMessageId('msg-4') })).toEqual({ conversation: 'retry me' });
    expect(await getMessage({ id: 'UNKNOWN' })).toBeUndefined();
  });

  it('addresses a phone identity as its phone JID', async () => {
    const wa = await connectedWhatsApp();
    await wa.channel.send({ id: 'msg-5', to: { kind: 'phone', value: '+90 532 123 45 67' }, text: 'x' });
    expect(wa.sockets.latest().sent[0].jid).toBe('905321234567@s.whatsapp.net');
  });

  it('refuses an identity that cannot be a WhatsApp address as an invalid recipient', async () => {
    const wa = await connectedWhatsApp();
    const error = await wa.channel.send({ id: 'msg-6', to: { kind: 'email', value: 'a@b.c' }, text: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_RECIPIENT' });
  });

  it('fails a send to a number without WhatsApp as an invalid recipient, sending nothing', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().notOnWhatsApp.add('905559999999@s.whatsapp.net');
    const error = await wa.channel.send({ id: 'msg-10', to: { kind: 'phone', value: '+905559999999' }, text: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_RECIPIENT', retryable: false });
    expect(wa.sockets.latest().sent).toHaveLength(0);
  });

  it('asks WhatsApp about a number once, then trusts the answer', async () => {
    const wa = await connectedWhatsApp();
    await wa.channel.send({ id: 'msg-11', to: customer, text: 'a' });
    await wa.channel.send({ id: 'msg-12', to: customer, text: 'b' });
    await wa.channel.send({ id: 'msg-13', to: { kind: 'whatsapp', value: '98765432101234@lid' }, text: 'c' });
    expect(wa.sockets.latest().onWhatsAppQueries).toEqual([['905321234567@s.whatsapp.net']]);
  });

  it('fails with a retryable error while the socket is not connected', async () => {
    const wa = makeWhatsApp();
    await wa.channel.start();
    const error = await wa.channel.send({ id: 'msg-7', to: customer, text: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'TEMPORARY', retryable: true });
    expect(wa.sockets.latest().sent).toHaveLength(0);
  });

  it('quotes the customer message it replies to, with its real text when recently received', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('3A00Q', { conversation: 'Kargom nerede?' })] });
    await wa.channel.idle();
    await wa.channel.send({ id: 'msg-8', to: customer, text: 'Yolda', threading: { replyToExternalId: '3A00Q' } });
    expect(wa.sockets.latest().sent[0].options?.quoted).toEqual({
      key: { remoteJid: '905321234567@s.whatsapp.net', id: '3A00Q', fromMe: false },
      message: { conversation: 'Kargom nerede?' },
    });
  });

  it('sends attachments as image or document, the text as the first caption, each with its own fixed id', async () => {
    const wa = await connectedWhatsApp();
    const bytes = new Uint8Array([1, 2, 3]);
    const result = await wa.channel.send({
      id: 'msg-9',
      to: customer,
      text: 'Faturanız ekte',
      attachments: [
        { filename: 'photo.png', contentType: 'image/png', content: bytes },
        { filename: 'fatura.pdf', contentType: 'application/pdf', content: bytes },
      ],
    });
    const [first, second] = wa.sockets.latest().sent;
    expect(first.content).toEqual({ image: Buffer.from(bytes), mimetype: 'image/png', caption: 'Faturanız ekte' });
    expect(second.content).toEqual({ document: Buffer.from(bytes), mimetype: 'application/pdf', fileName: 'fatura.pdf' });
    expect([first.options?.messageId, second.options?.messageId]).toEqual([whatsappMessageId('msg-9'), whatsappMessageId('msg-9', 1)]);
    expect(result.externalId).toBe(whatsappMessageId('msg-9'));
  });

  it('sends video with a caption, and a voice note after the text, since audio takes no caption', async () => {
    const wa = await connectedWhatsApp();
    const bytes = new Uint8Array([4, 5, 6]);
    await wa.channel.send({ id: 'msg-10', to: customer, text: 'Kurulum videosu', attachments: [{ filename: 'kurulum.mp4', contentType: 'video/mp4', content: bytes }] });
    await wa.channel.send({ id: 'msg-11', to: customer, text: 'Sesli not', attachments: [{ filename: 'not.ogg', contentType: 'audio/ogg; codecs=opus', content: bytes }] });
    const [video, text, audio] = wa.sockets.latest().sent;
    expect(video.content).toEqual({ video: Buffer.from(bytes), mimetype: 'video/mp4', caption: 'Kurulum videosu' });
    expect(text.content).toEqual({ text: 'Sesli not' });
    expect(audio.content).toEqual({ audio: Buffer.from(bytes), mimetype: 'audio/ogg; codecs=opus' });
    expect([text.options?.messageId, audio.options?.messageId]).toEqual([whatsappMessageId('msg-11'), whatsappMessageId('msg-11', 1)]);
  });

  it('sends a photo over the 16 MB media limit as a document, and refuses a file over 100 MB before sending anything', async () => {
    const wa = await connectedWhatsApp();
    const big = new Uint8Array(16 * 1024 * 1024 + 1);
    await wa.channel.send({ id: 'msg-12', to: customer, text: '', attachments: [{ filename: 'poster.png', contentType: 'image/png', content: big }] });
    expect(wa.sockets.latest().sent.at(-1)!.content).toMatchObject({ document: expect.any(Buffer), fileName: 'poster.png', mimetype: 'image/png' });

    const sentBefore = wa.sockets.latest().sent.length;
    const huge = { filename: 'arsiv.zip', contentType: 'application/zip', content: new Uint8Array(100 * 1024 * 1024 + 1) };
    const small = { filename: 'a.pdf', contentType: 'application/pdf', content: new Uint8Array(1) };
    const error = await wa.channel.send({ id: 'msg-13', to: customer, text: 'x', attachments: [small, huge] }).catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID', retryable: false, message: '"arsiv.zip" is 100 MB, over the 100 MB limit for WhatsApp documents' });
    expect(wa.sockets.latest().sent.length).toBe(sentBefore);
  });

  it('spaces sends to the configured rate', async () => {
    const wa = await connectedWhatsApp({ sendRatePerSecond: 2 });
    await Promise.all([1, 2, 3].map((n) => wa.channel.send({ id: `rate-${n}`, to: customer, text: `${n}` })));
    // The first goes at once; the others are held to one slot every 500 ms.
    expect(wa.clock.wakeAt).toEqual([500, 1000]);
    expect(wa.sockets.latest().sent.map((s) => (s.content as { text: string }).text)).toEqual(['1', '2', '3']);
  });

  it('forwards delivery statuses of our messages to the sink', async () => {
    const wa = await connectedWhatsApp();
    const Status = proto.WebMessageInfo.Status;
    const key = (id: string, fromMe = true) => ({ remoteJid: '905321234567@s.whatsapp.net', fromMe, id });
    wa.sockets.latest().emit('messages.update', [
      { key: key('3EB0A'), update: { status: Status.SERVER_ACK } },
      { key: key('3EB0A'), update: { status: Status.DELIVERY_ACK } },
      { key: key('3EB0A'), update: { status: Status.READ } },
      { key: key('3EB0B'), update: { status: Status.PLAYED } },
      { key: key('3EB0C'), update: { status: Status.ERROR, messageStubParameters: ['463'] } },
      { key: key('3EB0D'), update: { status: Status.PENDING } },
      { key: key('3A00X', false), update: { status: Status.READ } },
    ]);
    await wa.channel.idle();
    expect(wa.sink.updates.map((u) => [u.externalId, u.status])).toEqual([
      ['3EB0A', 'sent'],
      ['3EB0A', 'delivered'],
      ['3EB0A', 'read'],
      ['3EB0B', 'read'],
      ['3EB0C', 'failed'],
    ]);
    expect(wa.sink.updates.find((u) => u.status === 'failed')!.error).toEqual({ code: 'REJECTED', message: 'WhatsApp rejected the message (463)' });
  });

  it('dates a status update by the receipt time WhatsApp reports', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets
      .latest()
      .emit('messages.update', [{ key: { remoteJid: '905321234567@s.whatsapp.net', fromMe: true, id: '3EB0E' }, update: { status: proto.WebMessageInfo.Status.READ, messageTimestamp: 1772359500 } }]);
    await wa.channel.idle();
    expect(wa.sink.updates[0].at).toEqual(new Date(1772359500 * 1000));
  });
});
