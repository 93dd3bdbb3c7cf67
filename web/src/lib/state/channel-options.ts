// Which channels a reply may go out on: only those the contact has an identity for.
import type { Channel } from '../api/types';
import { RECIPIENT_KINDS } from '../../../../connectors/channel-kinds.ts';

export function channelOptions(channels: Channel[], identities: { kind: string; undeliverable?: boolean }[], current: { id: string } | null): Channel[] {
  const kinds = new Set(identities.filter((identity) => !identity.undeliverable).map((identity) => identity.kind));
  return channels.filter((channel) => channel.id === current?.id || RECIPIENT_KINDS[channel.kind].some((kind) => kinds.has(kind)));
}

/** `/short` at the end of the text, as typed before picking a canned response. */
export function cannedQuery(text: string): string | null {
  const match = /(?:^|\s)\/([\w-]*)$/.exec(text);
  return match ? match[1] : null;
}

export function applyCanned(text: string, content: string): string {
  return text.replace(/(^|\s)\/[\w-]*$/, (_, space: string) => space + content);
}
