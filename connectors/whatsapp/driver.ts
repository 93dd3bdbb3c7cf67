// The WhatsApp ChannelDriver: kind, config, and a factory whose socket and timers tests can replace.
import { downloadMediaMessage, makeWASocket } from '@whiskeysockets/baileys';
import type { ChannelDriver } from '../channel.ts';
import { silentLogger } from './baileys-logger.ts';
import { whatsappConfigSchema, type WhatsAppConfig } from './config.ts';
import { realClock } from './send-pacer.ts';
import { defaultBackoff, realSchedule } from './socket-supervisor.ts';
import type { DownloadMedia } from './socket.ts';
import { latestWaWebVersion } from './wa-version.ts';
import { WhatsAppChannel, type WhatsAppDeps } from './whatsapp-channel.ts';
import { WHATSAPP_DOCUMENT_LIMIT } from './outbound-content.ts';
import { assertFileSize } from '../size-limit.ts';

const downloadWithReupload: DownloadMedia = (message, socket) =>
  downloadMediaMessage(
    message,
    'buffer',
    {},
    {
      logger: silentLogger,
      // Media older than a few weeks is gone from WhatsApp's CDN until the phone uploads it again.
      reuploadRequest: (m) => (socket.updateMediaMessage ? socket.updateMediaMessage(m) : Promise.reject(new Error('media expired'))),
    },
  );

export function createWhatsAppDriver(overrides: Partial<WhatsAppDeps> = {}): ChannelDriver<WhatsAppConfig> {
  const deps: WhatsAppDeps = {
    makeSocket: makeWASocket,
    downloadMedia: downloadWithReupload,
    schedule: realSchedule,
    backoff: defaultBackoff,
    pacerClock: realClock,
    // One per driver, so every channel in the process shares one lookup.
    resolveVersion: latestWaWebVersion(),
    ...overrides,
  };
  return {
    kind: 'whatsapp',
    configSchema: whatsappConfigSchema,
    secretFields: [],
    pulls: true,
    sendsThroughSession: true,
    checkAttachments: (files) => files.forEach((file) => assertFileSize(file, WHATSAPP_DOCUMENT_LIMIT, 'WhatsApp documents')),
    create: (ctx) => new WhatsAppChannel(ctx, deps),
  };
}

export const whatsappDriver = createWhatsAppDriver();
