// The connector registry: one driver per channel kind.
import type { ChannelDriver, ChannelKind } from './channel.ts';
import { apiDriver } from './api/index.ts';
import { emailDriver } from './email/index.ts';
import { smsDriver } from './sms/index.ts';
import { telegramDriver } from './telegram/index.ts';
import { whatsappDriver } from './whatsapp/index.ts';

export const drivers: Partial<Record<ChannelKind, ChannelDriver>> = {
  api: apiDriver,
  email: emailDriver,
  sms: smsDriver,
  telegram: telegramDriver,
  whatsapp: whatsappDriver,
};

export function driverFor(kind: string): ChannelDriver | undefined {
  return drivers[kind as ChannelKind];
}
