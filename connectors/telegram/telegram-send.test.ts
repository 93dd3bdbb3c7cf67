import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type Channel } from '../channel.ts';
import { makeChannelContext, type TestContext } from '../testing/make-channel-context.ts';
import { telegramDriver, type TelegramConfig } from './index.ts';
import { FakeBotApi } from './testing/fake-bot-api.ts';

describe('telegram send', () => {
  let api: FakeBotApi;
  let ctx: TestContext<TelegramConfig>;
  let channel: Channel;
  const to = { kind: 'telegram' as const, value: '424242' };

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot } as TelegramConfig);
    channel = telegramDriver.create(ctx);
  });
  afterAll(() => api.close());

  it('replies in the chat, quoting the customer message', async () => {
    const result = await channel.send({ id: 'm1', to, text: 'Kargonuz yolda.', threading: { replyToExternalId: '512' } });
    expect(result.status).toBe('sent');
    const call = api.callsOf('sendMessage').at(-1)!;
    expect(call.params).toMatchObject({ chat_id: '424242', text: 'Kargonuz yolda.', reply_parameters: { message_id: 512, allow_sending_without_reply: true } });
    expect(result.externalId).toMatch(/^\d+$/);
    // Plain JSON, as the Bot API documents (telegraf's client gzips bodies under Bun).
    expect(call.encoding).toBeUndefined();
  });

  it('uploads an image as a photo with the text as caption and a file as a document', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    const pdf = new TextEncoder().encode('%PDF-1.4 fatura');
    await channel.send({
      id: 'm2',
      to,
      text: 'Faturanız ekte',
      threading: { replyToExternalId: '600' },
      attachments: [
        { filename: 'urun.png', contentType: 'image/png', content: png },
        { filename: 'fatura.pdf', contentType: 'application/pdf', content: pdf },
      ],
    });
    const photo = api.callsOf('sendPhoto').at(-1)!;
    expect(photo.params).toMatchObject({ chat_id: '424242', caption: 'Faturanız ekte', reply_parameters: { message_id: 600 } });
    expect(photo.files.photo).toMatchObject({ filename: 'urun.png', bytes: png });
    const document = api.callsOf('sendDocument').at(-1)!;
    expect(document.params.caption).toBeUndefined();
    expect(document.files.document).toMatchObject({ filename: 'fatura.pdf', bytes: pdf });
  });

  it('sends a photo over 10 MB as a document and refuses a file over 50 MB before any call', async () => {
    const bigPhoto = new Uint8Array(10 * 1024 * 1024 + 1);
    bigPhoto.set([0xff, 0xd8, 0xff], 0);
    await channel.send({ id: 'm6', to, text: '', attachments: [{ filename: 'poster.jpg', contentType: 'image/jpeg', content: bigPhoto }] });
    const document = api.callsOf('sendDocument').at(-1)!;
    expect(document.files.document).toMatchObject({ filename: 'poster.jpg', type: 'image/jpeg' });
    expect(document.files.document!.bytes.byteLength).toBe(bigPhoto.byteLength);

    const callsBefore = api.calls.length;
    const huge = { filename: 'yedek.zip', contentType: 'application/zip', content: new Uint8Array(50 * 1024 * 1024 + 1) };
    const error = await channel.send({ id: 'm7', to, text: 'Yedek dosyası', attachments: [huge] }).catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID', retryable: false, message: '"yedek.zip" is 50 MB, over the 50 MB limit for Telegram bots' });
    expect(api.calls.length).toBe(callsBefore);
  });

  it('maps 429 to RATE_LIMITED with retry_after and holds that chat until it passes', async () => {
    api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } });
    const error = (await channel.send({ id: 'm3', to, text: 'a' }).catch((e) => e)) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(error.options.retryAfterMs).toBe(30_000);

    const callsBefore = api.callsOf('sendMessage').length;
    ctx.advance(10_000);
    const held = (await channel.send({ id: 'm3', to, text: 'a' }).catch((e) => e)) as ChannelError;
    expect(held).toMatchObject({ code: 'RATE_LIMITED' });
    expect(held.options.retryAfterMs).toBe(20_000);
    expect(api.callsOf('sendMessage').length).toBe(callsBefore);
    // Another chat is not held.
    await channel.send({ id: 'm4', to: { kind: 'telegram', value: '99' }, text: 'b' });

    ctx.advance(20_000);
    await channel.send({ id: 'm3', to, text: 'a' });
    expect(api.callsOf('sendMessage').at(-1)!.params).toMatchObject({ chat_id: '424242', text: 'a' });
  });

  it('maps "chat not found" to INVALID_RECIPIENT', async () => {
    api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(channel.send({ id: 'm5', to, text: 'x' })).rejects.toMatchObject({ code: 'INVALID_RECIPIENT' });
  });

  it('reports a revoked token in the connection test', async () => {
    const bad = telegramDriver.create(makeChannelContext('telegram', { botToken: '1:revoked', apiRoot: api.apiRoot } as TelegramConfig));
    const report = await bad.test!();
    expect(report.ok).toBe(false);
    expect(report.checks[0]!.message).toContain('401');
    expect((await channel.test!()).checks[0]).toMatchObject({ ok: true, message: '@ulak_test_bot' });
  });
});
