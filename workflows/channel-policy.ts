// Which channel an automated message goes out on: preferred, then last used, then any other with consent.
import type { ChannelKind, Identity } from '../connectors/channel.ts';
import { ownIdentityKind } from '../connectors/channel-kinds.ts';
import type { ContactFacts } from './facts.ts';
import { type ConsentPolicy, consentAllows, DEFAULT_CONSENT_POLICY, explicitlyOptedIn, suppressionAllows } from './guards/consent.ts';

/** Order of the "next identity" fallback when neither preferred nor last-used channel can be used. */
const FALLBACK_ORDER: ChannelKind[] = ['whatsapp', 'sms', 'email', 'telegram', 'api'];

export type ChannelChoice = { kind: ChannelKind; identity: Identity } | { skipped: 'no-consented-channel'; reachable: ChannelKind[] };

export function reachableChannels(contact: Pick<ContactFacts, 'identities'>): ChannelKind[] {
  const kinds = new Set((contact.identities ?? []).map((i) => i.kind));
  return FALLBACK_ORDER.filter((channel) => kinds.has(ownIdentityKind(channel)));
}

/**
 * Marketing that meets a channel the customer said no to (an opt-out, a suppressed address) does not silently move
 * on: a later channel is used only where the customer opted in explicitly. Service messages still fall back.
 */
export function chooseChannel(contact: ContactFacts, policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): ChannelChoice {
  const reachable = reachableChannels(contact);
  const candidates = [contact.preferredChannel, contact.lastInboundChannel, ...FALLBACK_ORDER];
  let refusedEarlier = false;
  for (const kind of candidates) {
    if (!kind || !reachable.includes(kind)) continue;
    const identity = (contact.identities ?? []).find((i) => i.kind === ownIdentityKind(kind) && suppressionAllows(i, policy));
    if (!identity || !consentAllows(contact, kind, policy)) {
      if (policy.purpose === 'marketing') refusedEarlier = true;
      continue;
    }
    if (refusedEarlier && !explicitlyOptedIn(contact, kind)) continue;
    return { kind, identity: { kind: identity.kind, value: identity.value } };
  }
  return { skipped: 'no-consented-channel', reachable };
}
