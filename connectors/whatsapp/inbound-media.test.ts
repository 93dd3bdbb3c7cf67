import { describe, expect, it } from 'vitest';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { connectedWhatsApp, customerMessage } from './testing/harness.ts';

describe('WhatsApp inbound media and non-text messages', () => {
  it('downloads an image with its caption, a voice note and a document into attachments', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [
        customerMessage('IMG1', { imageMessage: { caption: 'Kırık ürün', mimetype: 'image/jpeg' } }),
        customerMessage('VOICE1', { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } }),
        customerMessage('DOC1', { documentWithCaptionMessage: { message: { documentMessage: { fileName: 'fatura.pdf', mimetype: 'application/pdf', caption: 'invoice' } } } }),
      ],
    });
    await wa.channel.idle();
    const [image, voice, doc] = wa.sink.messages;
    expect(image.text).toBe('Kırık ürün');
    expect(image.attachments).toEqual([{ filename: 'image-IMG1.jpg', contentType: 'image/jpeg', size: 13, content: expect.any(Uint8Array) }]);
    expect(new TextDecoder().decode(image.attachments![0].content)).toBe('bytes of IMG1');
    expect(voice.attachments![0]).toMatchObject({ filename: 'voice-VOICE1.ogg', contentType: 'audio/ogg; codecs=opus' });
    expect(voice.text).toBe('');
    expect(doc).toMatchObject({ text: 'invoice', attachments: [{ filename: 'fatura.pdf', contentType: 'application/pdf' }] });
    expect(wa.downloads.map((m) => m.key.id)).toEqual(['IMG1', 'VOICE1', 'DOC1']);
  });

  it('records media it could not download as refused instead of dropping the message', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [customerMessage('DOC2', { documentMessage: { fileName: 'expired.pdf', mimetype: 'application/pdf' } })],
    });
    await wa.channel.idle();
    expect(wa.sink.messages[0].attachments![0]).toMatchObject({ filename: 'expired.pdf', size: 0, refused: { reason: expect.stringMatching(/expired/) } });
    expect(wa.sink.messages[0].attachments![0].content).toBeUndefined();
  });

  it('keeps a message whose media WhatsApp cannot serve for a moment, and fetches the file again from what it saved', async () => {
    const wa = await connectedWhatsApp();
    const outage = Object.assign(new Error('Failed to fetch stream from https://mmg.whatsapp.net/x'), { output: { statusCode: 503 } });
    wa.failingDownloads.set('IMG9', outage);
    const photo = customerMessage('IMG9', { imageMessage: { caption: 'Kutu ezik', mimetype: 'image/jpeg', mediaKey: new Uint8Array([1, 2, 3, 250]), directPath: '/v/t62/abc' } });
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [photo] });
    await wa.channel.idle();
    const [waiting] = wa.sink.messages[0].attachments!;
    expect(wa.sink.messages[0].text).toBe('Kutu ezik');
    expect(waiting).toMatchObject({
      filename: 'image-IMG9.jpg',
      contentType: 'image/jpeg',
      size: 0,
      fetchAgain: { reason: 'download failed: Failed to fetch stream from https://mmg.whatsapp.net/x' },
    });
    expect(waiting.refused).toBeUndefined();

    const facts = { filename: waiting.filename, contentType: waiting.contentType };
    await expect(wa.channel.fetchAttachment(waiting.fetchAgain!.source, facts)).rejects.toMatchObject({ code: 'TEMPORARY' });
    wa.failingDownloads.delete('IMG9');
    const got = await wa.channel.fetchAttachment(waiting.fetchAgain!.source, facts);
    expect(new TextDecoder().decode(got.content)).toBe('bytes of IMG9');
    // The saved source is the message as WhatsApp sent it, media key bytes included.
    const again = wa.downloads.at(-1)!;
    expect(again.key).toEqual(photo.key);
    expect(new Uint8Array(again.message!.imageMessage!.mediaKey as Uint8Array)).toEqual(new Uint8Array([1, 2, 3, 250]));
    expect(again.message!.imageMessage!.directPath).toBe('/v/t62/abc');

    // Gone for good (the phone refused the re-upload): refused, not thrown. Not connected: it may pass.
    wa.failingDownloads.set('IMG9', Object.assign(new Error('media expired'), { output: { statusCode: 404 } }));
    expect((await wa.channel.fetchAttachment(waiting.fetchAgain!.source, facts)).refused).toEqual({ reason: 'download failed: media expired' });
    wa.sockets.latest().close(DisconnectReason.connectionClosed);
    await expect(wa.channel.fetchAttachment(waiting.fetchAgain!.source, facts)).rejects.toMatchObject({ code: 'TEMPORARY', message: 'WhatsApp is not connected' });
  });

  it('records media over the size limit without downloading it', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [customerMessage('VID1', { videoMessage: { mimetype: 'video/mp4', fileLength: 200 * 1024 * 1024, caption: 'big' } })],
    });
    await wa.channel.idle();
    expect(wa.sink.messages[0].attachments![0]).toMatchObject({ filename: 'video-VID1.mp4', size: 200 * 1024 * 1024, refused: { reason: expect.stringMatching(/size limit/) } });
    expect(wa.downloads).toHaveLength(0);
  });

  it('writes locations, contact cards and polls as readable text', async () => {
    const wa = await connectedWhatsApp();
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Mehmet\nTEL;type=CELL;waid=905551112233:+90 555 111 22 33\nEND:VCARD';
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [
        customerMessage('LOC', { locationMessage: { degreesLatitude: 41.0082, degreesLongitude: 28.9784, name: 'Mağaza' } }),
        customerMessage('VC', { contactMessage: { displayName: 'Mehmet', vcard } }),
        customerMessage('POLL', { pollCreationMessageV3: { name: 'Renk?', options: [{ optionName: 'Mavi' }, { optionName: 'Kırmızı' }] } }),
        customerMessage('SKD', { senderKeyDistributionMessage: { groupId: 'x' } }),
      ],
    });
    await wa.channel.idle();
    expect(wa.sink.messages.map((m) => m.text)).toEqual(['📍 Mağaza https://maps.google.com/?q=41.0082,28.9784', '👤 Mehmet (+90 555 111 22 33)', '📊 Renk?\n- Mavi\n- Kırmızı']);
  });
});
