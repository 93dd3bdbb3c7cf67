import { describe, expect, it } from 'vitest';
import { bestIdentity, contactLabel } from './contact-label';

const channelId = '0b6f4a52-3c1e-4c8e-9d2a-5f1e2d3c4b5a';
const channels = [{ id: channelId, name: 'Shop API' }];

describe('what stands where a contact name goes', () => {
  it('is the name when there is one', () => {
    expect(contactLabel({ name: 'Ayşe Yılmaz', identities: [{ kind: 'phone', value: '+905321112233' }] }, channels, 'Unnamed contact')).toBe('Ayşe Yılmaz');
  });

  it('is the phone, then the email, then a handle, then an integrator id, for a contact with no name', () => {
    const identities = [
      { kind: 'api', value: `${channelId}:cust-42` },
      { kind: 'telegram', value: '5551234', attributes: { username: 'selin_ak' } },
      { kind: 'email', value: 'selin@example.com' },
      { kind: 'phone', value: '+905321112233' },
    ];
    expect(contactLabel({ name: null, identities }, channels, 'Unnamed contact')).toBe('+905321112233');
    expect(contactLabel({ name: '', identities: identities.slice(0, 3) }, channels, 'Unnamed contact')).toBe('selin@example.com');
    expect(contactLabel({ name: '  ', identities: identities.slice(0, 2) }, channels, 'Unnamed contact')).toBe('@selin_ak');
    expect(contactLabel({ name: null, identities: identities.slice(0, 1) }, channels, 'Unnamed contact')).toBe('cust-42 (Shop API)');
  });

  it('shows a Telegram user id when no username is known', () => {
    expect(contactLabel({ name: null, identities: [{ kind: 'telegram', value: '5551234' }] }, [], 'Unnamed contact')).toBe('5551234');
  });

  it('is the given stand-in, never an empty string, when nothing identifies the contact on screen', () => {
    expect(contactLabel({ name: null }, channels, 'İsimsiz kişi')).toBe('İsimsiz kişi');
    expect(contactLabel({ name: null, identities: [{ kind: 'email', value: ' ' }] }, channels, 'İsimsiz kişi')).toBe('İsimsiz kişi');
    expect(contactLabel(null, channels, 'Unnamed contact')).toBe('Unnamed contact');
  });

  it('keeps the first of two identities of the same kind', () => {
    expect(
      bestIdentity([
        { kind: 'email', value: 'a@example.com' },
        { kind: 'email', value: 'b@example.com' },
      ])?.value,
    ).toBe('a@example.com');
  });
});
