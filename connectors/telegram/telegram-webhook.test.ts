import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../channel.ts';
import { makeChannelContext, type TestContext } from '../testing/make-channel-context.ts';
import { MemorySink } from '../testing/memory-sink.ts';
import { telegramDriver, type TelegramConfig } from './index.ts';
import { FakeBotApi } from './testing/fake-bot-api.ts';
import { textMessage } from './testing/updates.ts';

const SECRET = 'hook-secret_123';

describe('telegram webhook mode', () => {
  let api: FakeBotApi;
  let sink: MemorySink;
  let ctx: TestContext<TelegramConfig>;
  let channel: Channel;

  const post = (body: string, secret: string | null = SECRET) =>
    channel.handleWebhook!({
      method: 'POST',
      publicUrl: `https://ulak.example.com/webhooks/telegram/ch_1`,
      subPath: '',
      headers: new Headers(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
      rawBody: body,
    });

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    sink = new MemorySink();
    ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, mode: 'webhook', webhookSecret: SECRET } as TelegramConfig, { sink });
    channel = telegramDriver.create(ctx);
  });
  afterAll(() => api.close());

  it('registers the public webhook URL and secret on activate', async () => {
    await channel.activate!();
    expect(api.webhook).toEqual({ url: 'https://ulak.example.com/webhooks/telegram/ch_1', secret_token: SECRET });
  });

  it('answers 401 and stores nothing when the secret token is wrong or missing', async () => {
    const body = JSON.stringify({ update_id: 1, message: textMessage('sahte') });
    expect((await post(body, 'wrong')).status).toBe(401);
    expect((await post(body, null)).status).toBe(401);
    expect(sink.calls).toHaveLength(0);
  });

  it('answers 400 to a body that is not an update', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{"hello":1}')).status).toBe(400);
    expect(sink.calls).toHaveLength(0);
  });

  it('stores a redelivered update once and answers 200 each time', async () => {
    const body = JSON.stringify({ update_id: 9, message: textMessage('merhaba') });
    for (let i = 0; i < 3; i++) expect((await post(body)).status).toBe(200);
    expect(sink.messages.map((m) => m.text)).toEqual(['merhaba']);
  });

  it('answers with an error (so Telegram redelivers) when the commit fails', async () => {
    sink.failNext = new Error('commit failed');
    const body = JSON.stringify({ update_id: 10, message: textMessage('tekrar') });
    await expect(post(body)).rejects.toThrow('commit failed');
    expect((await post(body)).status).toBe(200);
    expect(sink.messages.at(-1)!.text).toBe('tekrar');
  });

  it('answers with an error (so Telegram redelivers) when a photo failed to download for a moment, and stores it whole then', async () => {
    const file = api.addFile('photos/hook.jpg', new Uint8Array([0xff, 0xd8, 0xff]));
    const body = JSON.stringify({ update_id: 12, message: textMessage('', { text: undefined, caption: 'yine', photo: [{ ...file, width: 90, height: 90 }] }) });
    api.failNext('getFile', { error_code: 503, description: 'Service Unavailable' });
    await expect(post(body)).rejects.toMatchObject({ code: 'TEMPORARY' });
    expect(sink.messages.filter((m) => m.text === 'yine')).toHaveLength(0);
    expect((await post(body)).status).toBe(200);
    expect(sink.messages.at(-1)).toMatchObject({ text: 'yine', attachments: [{ size: 3, content: new Uint8Array([0xff, 0xd8, 0xff]) }] });
  });

  it('generates and keeps a secret on activate when the config has none', async () => {
    const bare = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, mode: 'webhook' } as TelegramConfig, { sink });
    const generated = telegramDriver.create(bare);
    await generated.activate!();
    const secret = api.webhook!.secret_token!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const body = JSON.stringify({ update_id: 11, message: textMessage('yeni') });
    const request = { method: 'POST', publicUrl: '', subPath: '', rawBody: body };
    expect((await generated.handleWebhook!({ ...request, headers: new Headers({ 'x-telegram-bot-api-secret-token': secret }) })).status).toBe(200);
    expect((await generated.handleWebhook!({ ...request, headers: new Headers() })).status).toBe(401);
  });
});
