import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { connectedWhatsApp, customerMessage } from './testing/harness.ts';

/** What postgres.js throws when the connection drops mid-transaction: a failure that passes. */
const connectionClosed = () => Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' });
const historySync = (...ids: string[]) => ({ chats: [], contacts: [], messages: ids.map((id) => customerMessage(id, { conversation: `old ${id}` })), isLatest: true });
const ids = (messages: Array<{ externalId?: string }>) => messages.map((m) => m.externalId);

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
    const message = customerMessage(
      '3A0002',
      { extendedTextMessage: { text: 'LID chat' } },
      {
        remoteJid: '98765432101234@lid',
        remoteJidAlt: '905321234567:5@s.whatsapp.net',
        addressingMode: 'lid',
      },
    );
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [message] });
    await wa.channel.idle();
    expect(wa.sink.messages[0].from.identities[0]).toMatchObject({ kind: 'whatsapp', value: '905321234567@s.whatsapp.net' });
    expect(wa.sink.messages[0].from.identities.map((i) => i.value)).toContain('+905321234567');
    // Keyed by the phone number whichever address the message came under, the LID kept as an alias.
    expect(wa.sink.messages[0]).toMatchObject({ idempotencyKey: 'wa:905321234567@s.whatsapp.net:3A0002', idempotencyAliases: ['wa:98765432101234@lid:3A0002'] });
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

  it('stores a history sync as one page, and a message refused there alone without dropping the others', async () => {
    const wa = await connectedWhatsApp();
    const refused = 'wa:905321234567@s.whatsapp.net:H3';
    wa.sink.refuse.set(refused, { error: new Error('value too long for type') });
    wa.sockets.latest().emit('messaging-history.set', {
      chats: [],
      contacts: [],
      messages: ['H1', 'H2', 'H3', 'H4'].map((id) => customerMessage(id, { conversation: `old ${id}` })),
      isLatest: true,
    });
    await wa.channel.idle();
    expect(wa.sink.messages.map((m) => m.externalId)).toEqual(['H1', 'H2', 'H4']);
    // The page, then the refused one alone, then the rest of the page again (stored already: nothing doubled).
    expect(wa.sink.pages.map((page) => page.map((m) => m.externalId))).toEqual([['H1', 'H2', 'H3', 'H4'], ['H4']]);
    expect(wa.sink.calls.map((m) => m.externalId)).toEqual(['H1', 'H2', 'H3', 'H4', 'H3', 'H4']);
    expect(wa.health.at(-1)).toMatchObject({ lastEventAt: expect.any(String) });
    expect(wa.health).toContainEqual({ lastError: 'inbound message H3 not stored: value too long for type' });
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
      from: {
        identities: [
          { kind: 'whatsapp', value: '905321234567@s.whatsapp.net' },
          { kind: 'phone', value: '+905321234567' },
        ],
      },
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

  it('tries a live message again after a passing commit failure, as WhatsApp will not send it again', async () => {
    const wa = await connectedWhatsApp();
    wa.sink.failNext = connectionClosed();
    wa.sink.failPages = connectionClosed();
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('L1', { conversation: 'while the database restarts' })] });
    await wa.channel.idle();
    expect(wa.sink.messages).toEqual([]);
    expect(wa.timers.live()).toHaveLength(1);

    // The database is back.
    wa.sink.failPages = undefined;
    await wa.timers.runAll();
    await wa.channel.idle();
    expect(ids(wa.sink.messages)).toEqual(['L1']);
    expect(wa.timers.live()).toEqual([]);
  });

  it('tries a history page again after a passing commit failure, storing live messages meanwhile', async () => {
    const wa = await connectedWhatsApp();
    wa.sink.failNext = connectionClosed();
    wa.sockets.latest().emit('messaging-history.set', historySync('H1', 'H2', 'H3'));
    await wa.channel.idle();
    expect(wa.sink.messages).toEqual([]);
    expect(wa.timers.live().map((t) => t.ms)).toEqual([1000]);

    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('L1', { conversation: 'live' })] });
    await wa.channel.idle();
    expect(ids(wa.sink.messages)).toEqual(['L1']);

    await wa.timers.runAll();
    await wa.channel.idle();
    expect(ids(wa.sink.messages)).toEqual(['L1', 'H1', 'H2', 'H3']);
    // The whole page again, in one commit.
    expect(wa.sink.pages.map(ids)).toEqual([
      ['H1', 'H2', 'H3'],
      ['H1', 'H2', 'H3'],
    ]);
    expect(wa.health.at(-1)).toMatchObject({ lastEventAt: expect.any(String) });
  });

  it('stores a history page message by message once its commit has kept failing for five minutes, reporting the ones refused', async () => {
    const wa = await connectedWhatsApp();
    wa.sink.failPages = connectionClosed();
    wa.sink.refuse.set('wa:905321234567@s.whatsapp.net:H2', { error: new Error('value too long for type') });
    wa.sockets.latest().emit('messaging-history.set', historySync('H1', 'H2', 'H3'));
    await wa.channel.idle();
    const waits: number[] = [];
    for (let round = 0; round < 20 && wa.timers.live().length; round++) {
      waits.push(...wa.timers.live().map((t) => t.ms));
      await wa.timers.runAll();
      await wa.channel.idle();
    }
    // Backoff doubling from one second; one more wait (256 s) would pass five minutes in all.
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128].map((s) => s * 1000));
    expect(wa.sink.pages).toHaveLength(9);
    expect(ids(wa.sink.messages)).toEqual(['H1', 'H3']);
    expect(wa.health).toContainEqual({ lastError: 'inbound message H2 not stored: value too long for type' });
  });

  it('stores a history page message by message at once when its commit fails for a reason that will not pass', async () => {
    const wa = await connectedWhatsApp();
    wa.sink.failNext = new Error('invalid input syntax for type json');
    wa.sockets.latest().emit('messaging-history.set', historySync('H1', 'H2'));
    await wa.channel.idle();
    expect(wa.timers.live()).toEqual([]);
    expect(ids(wa.sink.messages)).toEqual(['H1', 'H2']);
    expect(ids(wa.sink.calls)).toEqual(['H1', 'H2', 'H1', 'H2']);
  });

  it('stops waiting to retry a history page when the channel stops, and stores its messages one by one', async () => {
    const wa = await connectedWhatsApp();
    wa.sink.failNext = connectionClosed();
    wa.sockets.latest().emit('messaging-history.set', historySync('H1', 'H2'));
    await wa.channel.idle();
    expect(wa.timers.live()).toHaveLength(1);
    await wa.channel.stop();
    expect(wa.timers.live()).toEqual([]);
    expect(ids(wa.sink.messages)).toEqual(['H1', 'H2']);
    expect(wa.sink.pages).toHaveLength(1);
  });
});
