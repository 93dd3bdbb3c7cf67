// Consent per channel and for all marketing: an opt-out always blocks its channel; marketing may demand an explicit opt-in.
import type { ChannelKind } from '../../connectors/channel.ts';
import type { ContactFacts } from '../facts.ts';

/** What a consent can be about: one channel, or `all` marketing (the customer's "no marketing at all"). */
export const CONSENT_SCOPES = ['email', 'sms', 'whatsapp', 'telegram', 'api', 'all'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export function isConsentScope(value: unknown): value is ConsentScope {
  return (CONSENT_SCOPES as readonly unknown[]).includes(value);
}

export interface ConsentPolicy {
  purpose: 'marketing' | 'service';
  /** The workspace requires an explicit opt-in before any marketing message (e.g. İYS / GDPR practice). */
  requireExplicitOptIn: boolean;
}

export const DEFAULT_CONSENT_POLICY: ConsentPolicy = { purpose: 'marketing', requireExplicitOptIn: false };

/**
 * A channel opt-out blocks every automated message on it; `all` opted out blocks marketing only (the customer still
 * gets answers and order updates). With `requireExplicitOptIn`, marketing needs `opted_in` on the channel itself.
 */
export function consentAllows(contact: Pick<ContactFacts, 'consents'>, channelKind: ChannelKind, policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): boolean {
  const status = contact.consents?.[channelKind]?.status;
  if (status === 'opted_out') return false;
  if (policy.purpose !== 'marketing') return true;
  if (contact.consents?.all?.status === 'opted_out') return false;
  if (policy.requireExplicitOptIn) return status === 'opted_in';
  return true;
}

/** The contact opted in on this channel in so many words (a form, START, the preference page). */
export function explicitlyOptedIn(contact: Pick<ContactFacts, 'consents'>, channelKind: ChannelKind): boolean {
  return contact.consents?.[channelKind]?.status === 'opted_in';
}

/** Marketing never goes to an address on the suppression list, whatever the consent says. */
export function suppressionAllows(identity: { suppressed?: boolean }, policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): boolean {
  return policy.purpose !== 'marketing' || !identity.suppressed;
}
