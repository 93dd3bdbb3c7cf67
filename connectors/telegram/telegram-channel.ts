// The Telegram driver: long polling or webhooks in, Bot API sends out, via telegraf's Telegram client.
import { randomBytes } from 'node:crypto';
import type { Channel, ChannelContext, ChannelDriver, TestReport } from '../channel.ts';
import { BotApiClient } from './bot-api-client.ts';
import { mapTelegramError } from './map-telegram-error.ts';
import { TELEGRAM_API_ROOT, telegramConfigSchema, type TelegramConfig } from './telegram-config.ts';
import { telegramFile, telegramMediaFetcher } from './telegram-media.ts';
import { UpdateGuard } from './update-guard.ts';
import { TelegramPoller } from './telegram-poller.ts';
import { TELEGRAM_FILE_LIMIT, TelegramSender } from './telegram-send.ts';
import { assertFileSize } from '../size-limit.ts';
import { ALLOWED_UPDATES, deliverUpdate, deliverUpdates, type TgUpdate } from './telegram-updates.ts';
import { handleTelegramWebhook } from './telegram-webhook.ts';

/** Where activate() keeps a generated webhook secret when the config has none. */
const GENERATED_SECRET_KEY = 'telegram:webhookSecret';

export const telegramDriver: ChannelDriver<TelegramConfig> = {
  kind: 'telegram',
  configSchema: telegramConfigSchema,
  secretFields: ['botToken', 'webhookSecret'],
  pulls: true,
  checkAttachments: (files) => files.forEach((file) => assertFileSize(file, TELEGRAM_FILE_LIMIT, 'Telegram bots')),
  create: (ctx) => createTelegramChannel(ctx),
};

// No Telegraf bot instance: we never dispatch through middleware (handleUpdate), so there is no
// botInfo to preset and no bot.catch to miss; see bot-api-client.ts for why calls bypass telegraf.
function createTelegramChannel(ctx: ChannelContext<TelegramConfig>): Channel {
  const config = telegramConfigSchema.parse(ctx.config);
  const apiRoot = config.apiRoot ?? TELEGRAM_API_ROOT;
  const api = new BotApiClient(apiRoot, config.botToken);
  const fetchMedia = telegramMediaFetcher({ api, maxBytes: config.maxAttachmentBytes, signal: ctx.signal, now: () => ctx.now() });
  const fetchFile = telegramFile({ api, maxBytes: config.maxAttachmentBytes, signal: ctx.signal });
  const sender = new TelegramSender(api, () => ctx.now());
  const guard = new UpdateGuard(ctx);
  let poller: TelegramPoller | undefined;

  const webhookSecret = async () => config.webhookSecret ?? (await ctx.state.get<string>(GENERATED_SECRET_KEY));

  return {
    async start() {
      if (config.mode !== 'polling') {
        ctx.health({ state: 'connected', details: { mode: 'webhook' } });
        return;
      }
      ctx.health({ state: 'starting' });
      let me: { username?: string };
      try {
        me = await api.call<{ username?: string }>('getMe');
        // getUpdates answers 409 while a webhook is set; polling mode owns the bot.
        await api.call('deleteWebhook');
      } catch (error) {
        ctx.health({ state: 'error', lastError: mapTelegramError(error).message });
        throw error;
      }
      ctx.health({ details: { mode: 'polling', username: me.username } });
      poller = new TelegramPoller({ api, ctx, timeoutSec: config.pollTimeoutSec, deliver: (updates, delivered) => deliverUpdates(updates, { sink: ctx.sink, fetchMedia, guard }, delivered) });
      await poller.start();
    },
    async stop() {
      await poller?.stop();
      poller = undefined;
    },
    send: (message) => sender.send(message),
    // A file its message was stored without (Telegram failed to give it for minutes): `source` is its file_id.
    fetchAttachment: (source, facts) => fetchFile({ fileId: source, ...facts }),
    async handleWebhook(request) {
      return handleTelegramWebhook(request, { secret: await webhookSecret(), deliver: (update: TgUpdate) => deliverUpdate(update, { sink: ctx.sink, fetchMedia, withCheckpoint: false }) });
    },
    async activate() {
      if (config.mode === 'polling') {
        await api.call('deleteWebhook');
        return;
      }
      let secret = await webhookSecret();
      if (!secret) {
        secret = randomBytes(32).toString('base64url');
        await ctx.state.set(GENERATED_SECRET_KEY, secret);
      }
      await api.call('setWebhook', {
        url: `${ctx.publicUrl.replace(/\/$/, '')}/webhooks/telegram/${ctx.channel.id}`,
        secret_token: secret,
        allowed_updates: ALLOWED_UPDATES,
      });
    },
    async test(): Promise<TestReport> {
      try {
        const me = await api.call<{ username?: string }>('getMe');
        return { ok: true, checks: [{ name: 'bot token', ok: true, message: `@${me.username}` }] };
      } catch (error) {
        return { ok: false, checks: [{ name: 'bot token', ok: false, message: (error as Error).message }] };
      }
    },
  };
}
