// Adapts the channel's logger to the pino-like ILogger Baileys wants, keeping only warnings and errors.
import type { SocketConfig } from '@whiskeysockets/baileys';
import type { ChannelContext } from '../channel.ts';

/** Baileys logs every frame at trace/debug and chatty progress at info; the channel log gets what needs a look. */
export function baileysLogger(log: ChannelContext['log']): SocketConfig['logger'] {
  const quiet = () => {};
  const logger: SocketConfig['logger'] = {
    level: 'warn',
    child: () => logger,
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: (obj: unknown, msg?: string) => log.warn(obj, msg),
    error: (obj: unknown, msg?: string) => log.error(obj, msg),
  };
  return logger;
}

/** For Baileys helpers called outside a channel (media download), where nothing needs reporting. */
export const silentLogger: SocketConfig['logger'] = {
  level: 'silent',
  child: () => silentLogger,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
