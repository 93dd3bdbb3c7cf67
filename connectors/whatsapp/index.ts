// The WhatsApp connector's public face.
export { createWhatsAppDriver, whatsappDriver } from './driver.ts';
export { whatsappConfigSchema, type WhatsAppConfig } from './config.ts';
export { useStateAuth, type StateAuth } from './auth-state.ts';
export type { WhatsAppChannel } from './whatsapp-channel.ts';
export type { MakeSocket, WhatsAppSocket, DownloadMedia } from './socket.ts';
