// Public face of the Telegram connector.
export { telegramDriver } from './telegram-channel.ts';
export { telegramConfigSchema, type TelegramConfig } from './telegram-config.ts';
export { mapTelegramError } from './map-telegram-error.ts';
