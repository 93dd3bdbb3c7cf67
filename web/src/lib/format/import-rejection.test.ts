import { describe, expect, it } from 'vitest';
import { I18n } from '../i18n/i18n.svelte';
import { rejectionText } from './import-rejection';

describe('rejectionText', () => {
  it("says a rejected row in the reader's language, and keeps the server's words for a reason without a code", () => {
    const i18n = new I18n();
    i18n.setLocale('tr');
    const attribute = { reason: 'attribute "spend" (number): "lots" is not a number', code: 'invalid_attribute' as const, value: 'lots', field: 'spend', type: 'number' };
    expect(rejectionText(attribute, i18n.t)).toBe('“lots”, “spend” özelliğine (number) uymuyor');
    expect(rejectionText({ reason: 'invalid email "x"', code: 'invalid_email', value: 'x' }, i18n.t)).toBe('“x” geçerli bir e-posta adresi değil');
    expect(rejectionText({ reason: 'something new' }, i18n.t)).toBe('something new');
    i18n.setLocale('en');
    expect(rejectionText({ reason: '', code: 'missing_identity' }, i18n.t)).toBe('needs an email address or a phone number');
  });
});
