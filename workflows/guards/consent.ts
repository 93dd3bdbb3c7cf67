// Consent per channel: an opt-out always blocks; marketing may demand an explicit opt-in.
import type { ChannelKind } from '../../connectors/channel.ts';
import type { ContactFacts } from '../facts.ts';

export interface ConsentPolicy {
  purpose: 'marketing' | 'service';
  /** The workspace requires an explicit opt-in before any marketing message (e.g. İYS / GDPR practice). */
  requireExplicitOptIn: boolean;
}

export const DEFAULT_CONSENT_POLICY: ConsentPolicy = { purpose: 'marketing', requireExplicitOptIn: false };

export function consentAllows(contact: Pick<ContactFacts, 'consents'>, channelKind: ChannelKind, policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): boolean {
  const status = contact.consents?.[channelKind]?.status;
  if (status === 'opted_out') return false;
  if (policy.purpose === 'marketing' && policy.requireExplicitOptIn) return status === 'opted_in';
  return true;
}
