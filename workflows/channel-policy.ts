// Which channel an automated message goes out on: preferred, then last used, then any other with consent — or the
// order a campaign or send step names (`['email', 'sms']`, or `'preferred'`: the contact's preferred channel only).
import type { ChannelKind, Identity } from '../connectors/channel.ts';
import { ownIdentityKind } from '../connectors/channel-kinds.ts';
import type { ContactFacts } from './facts.ts';
import { type ConsentPolicy, consentAllows, DEFAULT_CONSENT_POLICY, explicitlyOptedIn, suppressionAllows } from './guards/consent.ts';

/** Order of the "next identity" fallback when neither preferred nor last-used channel can be used. */
const FALLBACK_ORDER: ChannelKind[] = ['whatsapp', 'sms', 'email', 'telegram', 'api'];

/** A send's own channel order: these kinds in this order, or only the contact's preferred channel. Absent = the policy. */
export type ChannelOrder = ChannelKind[] | 'preferred';

export type ChannelChoice =
  | { kind: ChannelKind; identity: Identity }
  | { skipped: 'no-consented-channel'; reachable: ChannelKind[] }
  /** A `'preferred'` send to a contact who named no preferred channel. */
  | { skipped: 'no-preferred-channel'; reachable: ChannelKind[] };

export function reachableChannels(contact: Pick<ContactFacts, 'identities'>): ChannelKind[] {
  const kinds = new Set((contact.identities ?? []).map((i) => i.kind));
  return FALLBACK_ORDER.filter((channel) => kinds.has(ownIdentityKind(channel)));
}

/**
 * Marketing that meets a channel the customer said no to (an opt-out, a suppressed address) does not silently move
 * on: a later channel is used only where the customer opted in explicitly. Service messages still fall back.
 */
export function chooseChannel(contact: ContactFacts, policy: ConsentPolicy = DEFAULT_CONSENT_POLICY, order?: ChannelOrder): ChannelChoice {
  const candidates = candidatesFor(contact, order);
  // With a named order, only its kinds count as reachable: an email-only send does not report a WhatsApp opt-out.
  const reachable = reachableChannels(contact).filter((kind) => !order || candidates.includes(kind));
  if (order === 'preferred' && !contact.preferredChannel) return { skipped: 'no-preferred-channel', reachable: reachableChannels(contact) };
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

/** The kinds tried in turn; a named order replaces preferred, last used and the fixed fallback altogether. */
function candidatesFor(contact: ContactFacts, order: ChannelOrder | undefined): Array<ChannelKind | undefined> {
  if (order === 'preferred') return [contact.preferredChannel];
  if (order) return order;
  return [contact.preferredChannel, contact.lastInboundChannel, ...FALLBACK_ORDER];
}
