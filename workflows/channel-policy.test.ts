import { describe, expect, it } from 'vitest';
import { chooseChannel } from './channel-policy.ts';
import type { ContactFacts } from './facts.ts';

const contact: ContactFacts = {
  id: 'c1',
  firstSeenAt: new Date('2026-01-01T00:00:00Z'),
  identities: [
    { kind: 'email', value: 'ayse@example.com' },
    { kind: 'phone', value: '+905321112233' },
    { kind: 'whatsapp', value: '905321112233@s.whatsapp.net' },
  ],
  preferredChannel: 'email',
  lastInboundChannel: 'sms',
};

describe('chooseChannel', () => {
  it('uses the preferred channel when it has consent', () => {
    expect(chooseChannel(contact)).toEqual({ kind: 'email', identity: { kind: 'email', value: 'ayse@example.com' } });
  });

  it('falls back to the channel the contact last wrote on when the preferred one is opted out', () => {
    const c = { ...contact, consents: { email: { status: 'opted_out' as const } } };
    expect(chooseChannel(c)).toEqual({ kind: 'sms', identity: { kind: 'phone', value: '+905321112233' } });
  });

  it('then takes the next identity with consent', () => {
    const c = { ...contact, consents: { email: { status: 'opted_out' as const }, sms: { status: 'opted_out' as const } } };
    expect(chooseChannel(c)).toMatchObject({ kind: 'whatsapp' });
  });

  it('skips when no channel has the consent the purpose needs', () => {
    const c = { ...contact, consents: { whatsapp: { status: 'opted_out' as const } } };
    expect(chooseChannel(c, { purpose: 'marketing', requireExplicitOptIn: true })).toEqual({
      skipped: 'no-consented-channel',
      reachable: ['whatsapp', 'sms', 'email'],
    });
  });

  it('ignores a preferred channel the contact has no identity on', () => {
    expect(chooseChannel({ ...contact, preferredChannel: 'telegram' })).toMatchObject({ kind: 'sms' });
  });
});
