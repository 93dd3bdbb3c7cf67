import { describe, expect, it } from 'vitest';
import { identityOnChannel, identityText, readableIdentity } from './identity';

const channelId = '0b6f4a52-3c1e-4c8e-9d2a-5f1e2d3c4b5a';
const channels = [{ id: channelId, name: 'Shop API' }];

describe('readable identities', () => {
  it("shows an API identity as the integrator's id under the channel's name", () => {
    expect(readableIdentity({ kind: 'api', value: `${channelId}:cust-42` }, channels)).toEqual({ label: 'Shop API', value: 'cust-42' });
    expect(identityText({ kind: 'api', value: `${channelId}:cust-42` }, channels)).toBe('cust-42 (Shop API)');
  });

  it('keeps colons inside the external id', () => {
    expect(readableIdentity({ kind: 'api', value: `${channelId}:erp:7:x` }, channels).value).toBe('erp:7:x');
  });

  it('falls back to the kind when the channel is not known (deleted, or not listed for this user)', () => {
    expect(readableIdentity({ kind: 'api', value: `${channelId}:cust-42` }, [])).toEqual({ label: 'api', value: 'cust-42' });
  });

  it('leaves email, phone and unprefixed values as they are', () => {
    expect(readableIdentity({ kind: 'email', value: 'ayse@example.com' }, channels)).toEqual({ label: 'email', value: 'ayse@example.com' });
    expect(identityText({ kind: 'phone', value: '+905321112233' }, channels)).toBe('+905321112233');
    expect(readableIdentity({ kind: 'api', value: 'legacy-id' }, channels)).toEqual({ label: 'api', value: 'legacy-id' });
  });

  it('finds the identity a conversation on a channel talks to', () => {
    const identities = [
      { kind: 'email', value: 'a@example.com' },
      { kind: 'api', value: `other:1` },
      { kind: 'api', value: `${channelId}:cust-42` },
      { kind: 'phone', value: '+90532' },
    ];
    expect(identityOnChannel(identities, { id: channelId, kind: 'api' })?.value).toBe(`${channelId}:cust-42`);
    expect(identityOnChannel(identities, { id: 'wa', kind: 'whatsapp' })?.value).toBe('+90532');
    expect(identityOnChannel(identities, null)).toBeUndefined();
  });
});
