// The connector registry: one driver per channel kind.
import type { ChannelDriver, ChannelKind } from './channel.ts';
import { apiDriver } from './api/index.ts';

export const drivers: Partial<Record<ChannelKind, ChannelDriver>> = {
  api: apiDriver,
};

export function driverFor(kind: string): ChannelDriver | undefined {
  return drivers[kind as ChannelKind];
}
