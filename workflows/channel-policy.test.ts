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

const service = { purpose: 'service' as const, requireExplicitOptIn: false };

describe('chooseChannel', () => {
  it('uses the preferred channel when it has consent', () => {
    expect(chooseChannel(contact)).toEqual({ kind: 'email', identity: { kind: 'email', value: 'ayse@example.com' } });
  });

  it('falls back to the channel the contact last wrote on when the preferred one is opted out, for service messages', () => {
    const c = { ...contact, consents: { email: { status: 'opted_out' as const } } };
    expect(chooseChannel(c, service)).toEqual({ kind: 'sms', identity: { kind: 'phone', value: '+905321112233' } });
  });

  it('then takes the next identity with consent, for service messages', () => {
    const c = { ...contact, consents: { email: { status: 'opted_out' as const }, sms: { status: 'opted_out' as const } } };
    expect(chooseChannel(c, service)).toMatchObject({ kind: 'whatsapp' });
  });

  it('does not move marketing from an opted-out channel to one the customer never opted in on', () => {
    const smsFirst = { ...contact, preferredChannel: 'sms' as const, consents: { sms: { status: 'opted_out' as const } } };
    expect(chooseChannel(smsFirst)).toEqual({ skipped: 'no-consented-channel', reachable: ['whatsapp', 'sms', 'email'] });
    const c = { ...contact, consents: { email: { status: 'opted_out' as const } } };
    expect(chooseChannel(c)).toMatchObject({ skipped: 'no-consented-channel' });
  });

  it('moves marketing to a later channel where the customer opted in explicitly', () => {
    const c = { ...contact, preferredChannel: 'sms' as const, consents: { sms: { status: 'opted_out' as const }, email: { status: 'opted_in' as const } } };
    expect(chooseChannel(c)).toEqual({ kind: 'email', identity: { kind: 'email', value: 'ayse@example.com' } });
  });

  it('still uses the preferred channel when only a channel after it was opted out', () => {
    const c = { ...contact, consents: { sms: { status: 'opted_out' as const } } };
    expect(chooseChannel(c)).toMatchObject({ kind: 'email' });
  });

  it('sends no marketing at all once the contact opted out of all marketing, but still answers', () => {
    const c = { ...contact, consents: { all: { status: 'opted_out' as const }, email: { status: 'opted_in' as const } } };
    expect(chooseChannel(c)).toMatchObject({ skipped: 'no-consented-channel' });
    expect(chooseChannel(c, service)).toMatchObject({ kind: 'email' });
  });

  it('never sends marketing to a suppressed address, and does not move to another channel without an opt-in', () => {
    const suppressed = { ...contact, identities: contact.identities!.map((i) => (i.kind === 'email' ? { ...i, suppressed: true } : i)) };
    expect(chooseChannel(suppressed)).toMatchObject({ skipped: 'no-consented-channel' });
    expect(chooseChannel({ ...suppressed, consents: { sms: { status: 'opted_in' as const } } })).toMatchObject({ kind: 'sms' });
    expect(chooseChannel(suppressed, service)).toMatchObject({ kind: 'email' });
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

  it('follows a named channel order instead of preferred, last used and the fixed order', () => {
    // Preferred is email and last used SMS; the send names WhatsApp, then email.
    expect(chooseChannel(contact, service, ['whatsapp', 'email'])).toMatchObject({ kind: 'whatsapp' });
    expect(chooseChannel(contact, service, ['sms'])).toMatchObject({ kind: 'sms' });
    // Channels the order leaves out are never used, and do not count as reachable.
    expect(chooseChannel({ ...contact, identities: [contact.identities![0]!] }, service, ['sms', 'whatsapp'])).toEqual({ skipped: 'no-consented-channel', reachable: [] });
  });

  it("with 'preferred' uses only the contact's preferred channel", () => {
    expect(chooseChannel(contact, service, 'preferred')).toEqual({ kind: 'email', identity: { kind: 'email', value: 'ayse@example.com' } });
    expect(chooseChannel({ ...contact, preferredChannel: undefined }, service, 'preferred')).toMatchObject({ skipped: 'no-preferred-channel' });
    // Opted out of the preferred channel: no fallback to another.
    expect(chooseChannel({ ...contact, consents: { email: { status: 'opted_out' } } }, undefined, 'preferred')).toMatchObject({ skipped: 'no-consented-channel' });
  });

  it('keeps an opt-out from moving a marketing send to a later channel in a named order too', () => {
    const optedOutOfSms = { ...contact, consents: { sms: { status: 'opted_out' as const } } };
    expect(chooseChannel(optedOutOfSms, undefined, ['sms', 'email'])).toMatchObject({ skipped: 'no-consented-channel' });
    expect(chooseChannel({ ...optedOutOfSms, consents: { ...optedOutOfSms.consents, email: { status: 'opted_in' as const } } }, undefined, ['sms', 'email'])).toMatchObject({ kind: 'email' });
  });
});
