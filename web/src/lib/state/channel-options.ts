// Which channels a reply may go out on: only those the contact has an identity for.
import type { Channel, ContactRef } from '../api/types';
import { nameParts } from '../../../../workflows/facts.ts';
import { renderText } from '../../../../workflows/templates/render.ts';
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

/**
 * Puts a canned response in place of the /shortcut, with its variables filled as templates fill them
 * (`{{contact.firstName | "there"}}`), so the customer never receives a raw placeholder.
 */
export function applyCanned(text: string, content: string, contact: ContactRef | null = null, locale = 'en'): string {
  return text.replace(/(^|\s)\/[\w-]*$/, (_, space: string) => space + renderCanned(content, contact, locale));
}

export function renderCanned(content: string, contact: ContactRef | null, locale: string): string {
  const identity = (kind: string) => contact?.identities?.find((i) => i.kind === kind)?.value;
  const facts = {
    now: new Date(),
    contact: {
      id: contact?.id ?? '',
      firstSeenAt: new Date(0) /* not known here; no canned variable reads it */,
      name: contact?.name ?? undefined,
      ...nameParts(contact?.name),
      email: identity('email'),
      phone: identity('phone'),
    },
  };
  return renderText(content, facts, locale);
}
