// The Telegram channel's configuration, parsed once when the channel is created.
import { z } from 'zod';
import { httpUrl } from '../../server/lib/http-url.ts';

export const telegramConfigSchema = z.object({
  botToken: z.string().regex(/^\d+:[\w-]+$/, 'a bot token looks like 123456:ABC-def'),
  mode: z.enum(['polling', 'webhook']).default('polling'),
  /** Bot API root; tests point it at a local fake, self-hosted Bot API servers use it too. */
  apiRoot: httpUrl('http://127.0.0.1:8081').optional(),
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token; generated on activate when absent. */
  webhookSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -')
    .optional(),
  pollTimeoutSec: z.number().int().min(0).max(50).default(25),
  /** Media above this is recorded as refused. The Bot API cannot serve files over 20 MB anyway. */
  maxAttachmentBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
});

export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';
