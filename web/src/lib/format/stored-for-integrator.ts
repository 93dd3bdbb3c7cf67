// Whether a reply "sent" on an API channel in fact waits for the integrator: with no webhook configured the server
// stores it and reports it sent (nothing is pushed; the integrator reads replies through the API).
import type { Message } from '../api/types';

interface ChannelLike {
  id: string;
  kind: string;
  config?: Record<string, unknown>;
}

/** Judged by the channel as configured now: the server records no separate state for a reply that was only stored. */
export function storedForIntegrator(message: Pick<Message, 'direction' | 'private' | 'status' | 'channel'>, channels: readonly ChannelLike[]): boolean {
  if (message.direction !== 'out' || message.private || message.status !== 'sent' || message.channel?.kind !== 'api') return false;
  const channel = channels.find((c) => c.id === message.channel?.id);
  return channel !== undefined && !channel.config?.webhookUrl;
}
