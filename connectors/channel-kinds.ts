// The one vocabulary of channel and identity kinds: the schema, routes, connectors, the rules core and the web import it.

export const CHANNEL_KINDS = ['api', 'email', 'sms', 'whatsapp', 'telegram'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** How a customer is known on a channel. Values are normalized by the ingest service too. */
export const IDENTITY_KINDS = ['email', 'phone', 'whatsapp', 'telegram', 'api'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * The identities a channel kind can send to, most preferred first: SMS reaches a phone number, WhatsApp its own
 * address (the JID) or else a phone number, every other kind only its own identity.
 */
export const RECIPIENT_KINDS: Record<ChannelKind, readonly IdentityKind[]> = {
  api: ['api'],
  email: ['email'],
  sms: ['phone'],
  whatsapp: ['whatsapp', 'phone'],
  telegram: ['telegram'],
};

/**
 * The channel's own identity kind (the first of RECIPIENT_KINDS): automation writes on a channel only to customers
 * known there, while an agent may also write on WhatsApp to a phone number.
 */
export function ownIdentityKind(kind: ChannelKind): IdentityKind {
  return RECIPIENT_KINDS[kind][0]!;
}

/** The identity a channel kind sends to among those the contact has, by preference. */
export function recipientIdentity<T extends { kind: string }>(kind: ChannelKind, identities: readonly T[]): T | undefined {
  for (const wanted of RECIPIENT_KINDS[kind]) {
    const found = identities.find((i) => i.kind === wanted);
    if (found) return found;
  }
  return undefined;
}

export function isChannelKind(value: unknown): value is ChannelKind {
  return (CHANNEL_KINDS as readonly unknown[]).includes(value);
}

/** API-channel identities are stored as `<channelId>:<their id>`, so two integrations' ids never collide. */
const API_IDENTITY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(.+)$/i;

/** The channel and the integrator's own id of an API identity's value; undefined for a value not so written. */
export function apiIdentityParts(value: string): { channelId: string; id: string } | undefined {
  const match = API_IDENTITY.exec(value);
  return match ? { channelId: match[1]!, id: match[2]! } : undefined;
}

/** Most recognisable first: people read a phone number or an address; a chat handle; an integrator's id last. */
const IDENTITY_PREFERENCE: readonly string[] = ['phone', 'email', 'whatsapp', 'telegram', 'api'];

const preferenceRank = (kind: string) => {
  const index = IDENTITY_PREFERENCE.indexOf(kind);
  return index === -1 ? IDENTITY_PREFERENCE.length : index;
};

/** The identity to show for a contact without a name (lists, exports); earlier identities win ties (listed oldest first). */
export function bestIdentity<T extends { kind: string; value: string }>(identities: readonly T[] | null | undefined): T | undefined {
  return [...(identities ?? [])].filter((i) => i.value.trim() !== '').sort((a, b) => preferenceRank(a.kind) - preferenceRank(b.kind))[0];
}
