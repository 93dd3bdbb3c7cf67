import { describe, expect, it } from 'vitest';
import { normalizeIdentities, normalizePhone } from './normalize-identity.ts';

describe('identity normalization', () => {
  it('turns a national Turkish number into E.164 with the default region', () => {
    expect(normalizePhone('0532 111 22 33', 'TR')).toBe('+905321112233');
    expect(normalizePhone('+90 532 111 22 33', 'US')).toBe('+905321112233');
  });
  it('rejects what is not a phone number', () => {
    expect(normalizePhone('hello', 'TR')).toBeUndefined();
  });
  it('derives the phone identity from a WhatsApp JID so SMS and WhatsApp meet', () => {
    expect(normalizeIdentities([{ kind: 'whatsapp', value: '905321112233:7@s.whatsapp.net' }], 'TR')).toEqual([
      { kind: 'whatsapp', value: '905321112233@s.whatsapp.net' },
      { kind: 'phone', value: '+905321112233' },
    ]);
  });
  it('lower-cases and trims email, dropping invalid ones and duplicates', () => {
    expect(
      normalizeIdentities(
        [
          { kind: 'email', value: '  Ayse@Example.COM ' },
          { kind: 'email', value: 'ayse@example.com' },
          { kind: 'email', value: 'not-an-email' },
        ],
        'TR',
      ),
    ).toEqual([{ kind: 'email', value: 'ayse@example.com' }]);
  });
});
