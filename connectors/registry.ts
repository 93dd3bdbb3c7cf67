// The connector registry: one driver per channel kind, each loaded on first use, so a process never holds the
// libraries (Baileys, imapflow, twilio, telegraf) of channels nobody configured.
import type { ChannelDriver, ChannelKind } from './channel.ts';

const loaders: Record<ChannelKind, () => Promise<ChannelDriver>> = {
  api: async () => (await import('./api/index.ts')).apiDriver,
  email: async () => (await import('./email/index.ts')).emailDriver,
  sms: async () => (await import('./sms/index.ts')).smsDriver,
  telegram: async () => (await import('./telegram/index.ts')).telegramDriver,
  whatsapp: async () => (await import('./whatsapp/index.ts')).whatsappDriver,
};

const loaded = new Map<ChannelKind, Promise<ChannelDriver>>();

export function driverFor(kind: string): Promise<ChannelDriver | undefined> {
  if (!Object.hasOwn(loaders, kind)) return Promise.resolve(undefined);
  const k = kind as ChannelKind;
  let driver = loaded.get(k);
  if (!driver) {
    driver = loaders[k]();
    loaded.set(k, driver);
    driver.catch(() => loaded.delete(k));
  }
  return driver;
}
