import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { connectedWhatsApp, customerMessage } from './testing/harness.ts';

describe('WhatsApp inbound', () => {
  it('normalizes a live text into phone JID, LID and phone identities, name, time and key', async () => {
    const wa = await connectedWhatsApp();
    const message = customerMessage('3A0001', { conversation: 'Merhaba' }, { remoteJidAlt: '98765432101234@lid' });
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [message] });
    await wa.channel.idle();
    expect(wa.sink.messages).toHaveLength(1);
    const inbound = wa.sink.messages[0];
    expect(inbound).toMatchObject({
      idempotencyKey: 'wa:905321234567@s.whatsapp.net:3A0001',
      externalId: '3A0001',
      text: 'Merhaba',
      from: { name: 'Ayşe' },
      sentAt: new Date(1772359200 * 1000),
    });
    expect(inbound.history).toBeUndefined();
    expect(inbound.from.identities).toEqual([
      { kind: 'whatsapp', value: '905321234567@s.whatsapp.net', attributes: { lid: '98765432101234@lid' } },
      { kind: 'whatsapp', value: '98765432101234@lid', attributes: { pn: '905321234567@s.whatsapp.net' } },
      { kind: 'phone', value: '+905321234567' },
    ]);
  });

  it('finds the phone number in remoteJidAlt when the chat is addressed by LID', async () => {
    const wa = await connectedWhatsApp();
    const message = customerMessage('3A0002', { extendedTextMessage: { text: 'LID chat' } }, {
      remoteJid: '98765432101234@lid',
      remoteJidAlt: '905321234567:5@s.whatsapp.net',
      addressingMode: 'lid',
    });
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [message] });
    await wa.channel.idle();
    expect(wa.sink.messages[0].from.identities[0]).toMatchObject({ kind: 'whatsapp', value: '905321234567@s.whatsapp.net' });
    expect(wa.sink.messages[0].from.identities.map((i) => i.value)).toContain('+905321234567');
    expect(wa.sink.messages[0].idempotencyKey).toBe('wa:98765432101234@lid:3A0002');
    expect(wa.sink.messages[0].text).toBe('LID chat');
  });

  it('keeps a LID-only sender as its single identity', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [customerMessage('3A0003', { conversation: 'hi' }, { remoteJid: '98765432101234@lid' })],
    });
    await wa.channel.idle();
    expect(wa.sink.messages[0].from.identities).toEqual([{ kind: 'whatsapp', value: '98765432101234@lid' }]);
  });

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
    expect(image.attachments).toEqual([
      { filename: 'image-IMG1.jpg', contentType: 'image/jpeg', size: 13, content: expect.any(Uint8Array) },
    ]);
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
    expect(wa.sink.messages.map((m) => m.text)).toEqual([
      '📍 Mağaza https://maps.google.com/?q=41.0082,28.9784',
      '👤 Mehmet (+90 555 111 22 33)',
      '📊 Renk?\n- Mavi\n- Kırmızı',
    ]);
  });

  it('points a quoted reply at the quoted message id', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [customerMessage('Q1', { extendedTextMessage: { text: 'Evet', contextInfo: { stanzaId: '3EB0AAAA', participant: '905320000000@s.whatsapp.net' } } })],
    });
    await wa.channel.idle();
    expect(wa.sink.messages[0].threading).toEqual({ quotedExternalId: '3EB0AAAA' });
  });

  it('turns a reaction into a reaction on the target message key', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [customerMessage('R1', { reactionMessage: { key: { remoteJid: '905321234567@s.whatsapp.net', fromMe: true, id: '3EB0BBBB' }, text: '👍' } })],
    });
    await wa.channel.idle();
    expect(wa.sink.messages[0].reaction).toEqual({ to: 'wa:905321234567@s.whatsapp.net:3EB0BBBB', emoji: '👍' });
  });

  it('turns a protocol edit into an edit of the original message with the new text', async () => {
    const wa = await connectedWhatsApp();
    const edit = {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
        key: { remoteJid: '905321234567@s.whatsapp.net', fromMe: false, id: '3A0001' },
        editedMessage: { conversation: 'Merhaba, sipariş 42' },
      },
    };
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('E1', edit)] });
    await wa.channel.idle();
    expect(wa.sink.messages[0]).toMatchObject({ text: 'Merhaba, sipariş 42', edit: { of: 'wa:905321234567@s.whatsapp.net:3A0001' } });
  });

  it('marks messages from a history sync as history', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messaging-history.set', {
      chats: [],
      contacts: [],
      messages: [
        // history-sync payloads are protobuf-decoded, so timestamps arrive as Longs
        proto.WebMessageInfo.decode(proto.WebMessageInfo.encode({ ...customerMessage('H1', { conversation: 'old' }), messageTimestamp: 1700000000 }).finish()) as WAMessage,
        customerMessage('H2', { conversation: 'ours' }, { fromMe: true }),
      ],
      isLatest: true,
    });
    await wa.channel.idle();
    expect(wa.sink.messages.map((m) => [m.externalId, m.history])).toEqual([['H1', true]]);
    expect(wa.sink.messages[0].sentAt).toEqual(new Date(1700000000 * 1000));
  });

  it('keeps append upserts (messages queued while offline) live, not history', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', { type: 'append', messages: [customerMessage('OFF1', { conversation: 'while you were away' })] });
    await wa.channel.idle();
    expect(wa.sink.messages[0]).toMatchObject({ externalId: 'OFF1', text: 'while you were away' });
    expect(wa.sink.messages[0].history).toBeUndefined();
  });

  it('skips our own messages, status broadcasts, other protocol messages and groups', async () => {
    const wa = await connectedWhatsApp();
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [
        customerMessage('OWN', { conversation: 'from our phone' }, { fromMe: true }),
        customerMessage('ST', { conversation: 'status' }, { remoteJid: 'status@broadcast', participant: '905321234567@s.whatsapp.net' }),
        customerMessage('REV', { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: '3A0001' } } }),
        customerMessage('G1', { conversation: 'group chat' }, { remoteJid: '120363000000000000@g.us', participant: '905321234567@s.whatsapp.net' }),
        customerMessage('KEEP', { conversation: 'kept' }),
      ],
    });
    await wa.channel.idle();
    expect(wa.sink.messages.map((m) => m.externalId)).toEqual(['KEEP']);
  });

  it('takes group messages from the participant when groups are allowed', async () => {
    const wa = await connectedWhatsApp({ allowGroups: true });
    wa.sockets.latest().emit('messages.upsert', {
      type: 'notify',
      messages: [customerMessage('G2', { conversation: 'group chat' }, { remoteJid: '120363000000000000@g.us', participant: '905321234567@s.whatsapp.net' })],
    });
    await wa.channel.idle();
    expect(wa.sink.messages[0]).toMatchObject({
      idempotencyKey: 'wa:120363000000000000@g.us:G2',
      from: { identities: [{ kind: 'whatsapp', value: '905321234567@s.whatsapp.net' }, { kind: 'phone', value: '+905321234567' }] },
      metadata: { chatJid: '120363000000000000@g.us', group: true },
    });
  });

  it('gives a redelivered upsert the same idempotency key, so the sink stores it once', async () => {
    const wa = await connectedWhatsApp();
    const message = customerMessage('DUP1', { conversation: 'twice' });
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [message] });
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [structuredClone(message)] });
    await wa.channel.idle();
    expect(wa.sink.calls.map((m) => m.idempotencyKey)).toEqual(['wa:905321234567@s.whatsapp.net:DUP1', 'wa:905321234567@s.whatsapp.net:DUP1']);
    expect(wa.sink.messages).toHaveLength(1);
  });

  it('keeps handling the rest of a batch and later events after the sink fails one message', async () => {
    const wa = await connectedWhatsApp();
    wa.sink.failNext = new Error('commit failed');
    const batch = [customerMessage('F1', { conversation: 'lost' }), customerMessage('F2', { conversation: 'kept' })];
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: batch });
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('F3', { conversation: 'later' })] });
    await wa.channel.idle();
    expect(wa.sink.messages.map((m) => m.externalId)).toEqual(['F2', 'F3']);
    expect(wa.lastHealth().lastError).toMatch(/F1.*commit failed/);
  });
});
