import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, InboundMessage } from '../channel.ts';
import { makeChannelContext } from '../testing/make-channel-context.ts';
import { MemorySink } from '../testing/memory-sink.ts';
import { telegramDriver, type TelegramConfig } from './index.ts';
import { FakeBotApi } from './testing/fake-bot-api.ts';
import { customer, textMessage } from './testing/updates.ts';

describe('telegram inbound normalization', () => {
  let api: FakeBotApi;
  let sink: MemorySink;
  let channel: Channel;
  let updateId = 1;

  const deliver = async (update: Record<string, unknown>): Promise<InboundMessage> => {
    const response = await channel.handleWebhook!({
      method: 'POST',
      publicUrl: '',
      subPath: '',
      headers: new Headers({ 'x-telegram-bot-api-secret-token': 's3cret' }),
      rawBody: JSON.stringify({ update_id: updateId++, ...update }),
    });
    expect(response.status).toBe(200);
    return sink.calls.at(-1)!;
  };

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    sink = new MemorySink();
    const config = { botToken: api.token, apiRoot: api.apiRoot, mode: 'webhook', webhookSecret: 's3cret', maxAttachmentBytes: 1000 };
    channel = telegramDriver.create(makeChannelContext('telegram', config as TelegramConfig, { sink }));
  });
  afterAll(() => api.close());

  it('keys a message by chat and message id and keeps the sender profile as attributes', async () => {
    const message = textMessage('Kargom gelmedi', { reply_to_message: { message_id: 77 } });
    const inbound = await deliver({ message });
    expect(inbound).toMatchObject({
      idempotencyKey: `tg:${customer.id}:${message.message_id}`,
      externalId: String(message.message_id),
      from: {
        identities: [{ kind: 'telegram', value: '424242', attributes: { username: 'ayse_y', firstName: 'Ayşe', lastName: 'Yılmaz' } }],
        name: 'Ayşe Yılmaz',
        language: 'tr',
      },
      text: 'Kargom gelmedi',
      sentAt: new Date(message.date * 1000),
      threading: { quotedExternalId: '77' },
      metadata: { chatId: customer.id },
    });
    expect(inbound.consent).toBeUndefined();
  });

  it('records /start as opt-in with the user language and /stop as opt-out', async () => {
    expect(await deliver({ message: textMessage('/start promo-42') })).toMatchObject({ consent: 'opted_in', from: { language: 'tr' } });
    expect(await deliver({ message: textMessage('/stop@ulak_test_bot') })).toMatchObject({ consent: 'opted_out' });
    expect((await deliver({ message: textMessage('/starting soon') })).consent).toBeUndefined();
  });

  it('stores an edit under its own key pointing at the original message', async () => {
    const original = textMessage('adresim yanlış');
    await deliver({ message: original });
    const edited = await deliver({ edited_message: { ...original, text: 'adresim: Kadıköy', edit_date: original.date + 60 } });
    expect(edited.idempotencyKey).toMatch(new RegExp(`^tg:${customer.id}:${original.message_id}:edit:${original.date + 60}:[0-9a-f]{12}$`));
    expect(edited.edit).toEqual({ of: `tg:${customer.id}:${original.message_id}` });
    expect(edited.text).toBe('adresim: Kadıköy');
  });

  it('keeps two edits within one second apart, and the same edit delivered again as one', async () => {
    const original = textMessage('adres: Moda');
    await deliver({ message: original });
    const first = await deliver({ edited_message: { ...original, text: 'adres: Moda Cd.', edit_date: original.date + 5 } });
    const second = await deliver({ edited_message: { ...original, text: 'adres: Moda Cd. No 4', edit_date: original.date + 5 } });
    const again = await deliver({ edited_message: { ...original, text: 'adres: Moda Cd. No 4', edit_date: original.date + 5 } });
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
    expect(again.idempotencyKey).toBe(second.idempotencyKey);
  });

  it('downloads the largest photo size with its caption as text', async () => {
    const small = api.addFile('photos/small.jpg', new Uint8Array(10).fill(1));
    const large = api.addFile('photos/large.jpg', new Uint8Array(300).fill(2));
    const photo = [
      { ...small, width: 90, height: 90 },
      { ...large, width: 800, height: 600 },
    ];
    const inbound = await deliver({ message: { ...textMessage(''), text: undefined, caption: 'kırık ürün', photo } });
    expect(inbound.text).toBe('kırık ürün');
    expect(inbound.attachments).toHaveLength(1);
    expect(inbound.attachments![0]).toMatchObject({ filename: `photo-${large.file_unique_id}.jpg`, contentType: 'image/jpeg', size: 300 });
    expect(inbound.attachments![0]!.content).toEqual(new Uint8Array(300).fill(2));
    expect(api.callsOf('getFile').at(-1)!.params).toEqual({ file_id: large.file_id });
  });

  it('downloads documents and voice notes with their names and types', async () => {
    const pdf = api.addFile('documents/fatura.pdf', new TextEncoder().encode('%PDF-1.4'));
    const voice = api.addFile('voice/file_1.oga', new Uint8Array([79, 103, 103, 83]));
    const doc = await deliver({ message: { ...textMessage(''), document: { ...pdf, file_name: 'fatura.pdf', mime_type: 'application/pdf' } } });
    expect(doc.attachments![0]).toMatchObject({ filename: 'fatura.pdf', contentType: 'application/pdf', size: 8 });
    const note = await deliver({ message: { ...textMessage(''), voice: { ...voice, duration: 3, mime_type: 'audio/ogg' } } });
    expect(note.attachments![0]).toMatchObject({ filename: `voice-${voice.file_unique_id}.ogg`, contentType: 'audio/ogg', size: 4 });
    expect(note.attachments![0]!.content).toEqual(new Uint8Array([79, 103, 103, 83]));
  });

  it('refuses media over the size limit but still stores the message', async () => {
    const big = api.addFile('documents/big.zip', new Uint8Array(5000));
    const callsBefore = api.callsOf('getFile').length;
    const inbound = await deliver({ message: { ...textMessage('ek'), document: { ...big, file_name: 'big.zip' } } });
    expect(inbound.attachments![0]).toMatchObject({ filename: 'big.zip', refused: { reason: expect.stringContaining('size limit') } });
    expect(inbound.attachments![0]!.content).toBeUndefined();
    expect(api.callsOf('getFile').length).toBe(callsBefore);
    // A sticker whose size Telegram did not announce is cut off while downloading.
    const sticker = api.addFile('stickers/s.webp', new Uint8Array(4000));
    const { file_size: _omit, ...unsized } = sticker;
    const withSticker = await deliver({ message: { ...textMessage(''), sticker: { ...unsized, width: 512, height: 512, type: 'regular' } } });
    expect(withSticker.attachments![0]).toMatchObject({ filename: `sticker-${sticker.file_unique_id}.webp`, contentType: 'image/webp' });
    expect(withSticker.attachments![0]!.refused?.reason).toContain('size limit');
  });
});
