// How a contact identity reads to a person. People see an API identity as the integrator's own id and the channel's
// name, not the `<channelId>:<their id>` it is stored as.
import type { ChannelKind } from '../api/types';
import { apiIdentityParts, recipientIdentity } from '../../../../connectors/channel-kinds.ts';

export interface IdentityLike {
  kind: string;
  value: string;
  attributes?: Record<string, unknown>;
}

export interface ReadableIdentity {
  /** The channel's name for API identities (the kind when the channel is unknown), else the kind. */
  label: string;
  value: string;
}

export function readableIdentity(identity: IdentityLike, channels: readonly { id: string; name: string }[]): ReadableIdentity {
  const parts = identity.kind === 'api' ? apiIdentityParts(identity.value) : undefined;
  if (!parts) return { label: identity.kind, value: identity.value };
  const channel = channels.find((c) => c.id === parts.channelId);
  return { label: channel?.name ?? identity.kind, value: parts.id };
}

/** An address as people read it, its kind unknown (a test send's recipient): an API identity without its channel's id. */
export const addressText = (value: string) => apiIdentityParts(value)?.id ?? value;

/** One line for lists: `cust-42 (Shop API)`, or the plain address for email and phone. */
export function identityText(identity: IdentityLike, channels: readonly { id: string; name: string }[]): string {
  const readable = readableIdentity(identity, channels);
  return identity.kind === 'api' ? `${readable.value} (${readable.label})` : readable.value;
}

/** The identity a conversation on this channel talks to: for an API channel, the one under that channel's prefix. */
export function identityOnChannel<T extends IdentityLike>(identities: readonly T[], channel: { id: string; kind: ChannelKind } | null): T | undefined {
  if (!channel) return undefined;
  if (channel.kind === 'api') return identities.find((i) => i.kind === 'api' && i.value.startsWith(`${channel.id}:`));
  return recipientIdentity(channel.kind, identities);
}
