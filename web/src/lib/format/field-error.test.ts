import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { I18n } from '../i18n';
import { describeError } from './describe-error';
import { fieldErrorAt, fieldSentence } from './field-error';

const invalid = (fields: unknown[]) => new ApiError(422, 'validation_failed', 'email: Invalid email address; password: Too small: expected string to have >=8 characters', undefined, { fields });

describe('field errors in words', () => {
  it('words every zod code it is sent in both languages', () => {
    const en = new I18n('en');
    const tr = new I18n('tr');
    const cases: Array<[Parameters<typeof fieldSentence>[0], string, string]> = [
      [{ path: 'email', code: 'invalid_format', format: 'email' }, 'Enter a valid email address.', 'Geçerli bir e-posta adresi girin.'],
      [{ path: 'url', code: 'invalid_format', format: 'url' }, 'Enter a valid web address (https://…).', 'Geçerli bir web adresi girin (https://…).'],
      [{ path: 'code', code: 'invalid_format', format: 'regex' }, 'This value is not in the expected format.', 'Bu değer beklenen biçimde değil.'],
      [{ path: 'password', code: 'too_small', minimum: 8, origin: 'string' }, 'Enter at least 8 characters.', 'En az 8 karakter girin.'],
      [{ path: 'name', code: 'too_small', minimum: 1, origin: 'string' }, 'This field is required.', 'Bu alan zorunludur.'],
      [{ path: 'days', code: 'too_small', minimum: 1, origin: 'number' }, 'Enter a value of at least 1.', 'En az 1 olan bir değer girin.'],
      [{ path: 'name', code: 'too_big', maximum: 100, origin: 'string' }, 'Enter at most 100 characters.', 'En fazla 100 karakter girin.'],
      [{ path: 'n', code: 'too_big', maximum: 3, origin: 'number' }, 'Enter a value of at most 3.', 'En fazla 3 olan bir değer girin.'],
      [{ path: 'text', code: 'invalid_type' }, 'This value has the wrong type.', 'Bu değerin türü yanlış.'],
      [{ path: 'name', code: 'required' }, 'This field is required.', 'Bu alan zorunludur.'],
      [{ path: 'kind', code: 'invalid_value' }, 'Pick one of the offered options.', 'Sunulan seçeneklerden birini seçin.'],
      [{ path: 'x', code: 'custom' }, 'This value is not valid.', 'Bu değer geçerli değil.'],
    ];
    for (const [issue, english, turkish] of cases) {
      expect(fieldSentence(issue, en.t)).toBe(english);
      expect(fieldSentence(issue, tr.t)).toBe(turkish);
    }
  });

  it('finds the sentence for one field of a failed save', () => {
    const t = new I18n('tr').t;
    const error = invalid([{ path: 'email', code: 'invalid_format', format: 'email' }]);
    expect(fieldErrorAt(error, 'email', t)).toBe('Geçerli bir e-posta adresi girin.');
    expect(fieldErrorAt(error, 'password', t)).toBeNull();
    expect(fieldErrorAt(new Error('x'), 'email', t)).toBeNull();
  });

  it('sums a 422 up in the user’s language with no English and no "1 things"', () => {
    const tr = new I18n('tr');
    const two = invalid([
      { path: 'email', code: 'invalid_format', format: 'email' },
      { path: 'password', code: 'too_small', minimum: 8, origin: 'string' },
    ]);
    expect(describeError(two, tr.t, false)).toBe('2 alanın düzeltilmesi gerekiyor. Geçerli bir e-posta adresi girin. En az 8 karakter girin.');
    const en = new I18n('en');
    expect(describeError(invalid([{ path: 'email', code: 'invalid_format', format: 'email' }]), en.t)).toBe('One field needs fixing. Enter a valid email address.');
  });

  it('words known error codes from the catalog and keeps the server’s English off a Turkish screen', () => {
    const tr = new I18n('tr');
    expect(describeError(new ApiError(409, 'email_taken', 'A user with this email already exists'), tr.t, false)).toBe('Bu e-posta adresiyle bir kullanıcı zaten var.');
    expect(describeError(new ApiError(422, 'odd_thing', 'Some English detail'), tr.t, false)).toBe(tr.t('error.invalid'));
    expect(describeError(new ApiError(422, 'odd_thing', 'Some English detail'), new I18n('en').t, true)).toBe('Please check the form: Some English detail');
  });

  it("names the A/B variant whose template would leave a blank when a campaign's start is refused", () => {
    const en = new I18n('en');
    const fields = [
      { path: 'template', code: 'template_variable_missing', variable: 'contact.attributes.coupon', contacts: 4, variant: 'B' },
      { path: 'template', code: 'template_variable_missing', variable: 'contact.firstName', contacts: 2 },
    ];
    const refused = new ApiError(422, 'template_variable_missing', "Variant B's template would leave blanks: …", undefined, { fields });
    expect(describeError(refused, en.t)).toBe(
      'Variant B: {{contact.attributes.coupon}} has no value for 4 contacts and no fallback. Add one, like {{contact.attributes.coupon | "…"}}. ' +
        '{{contact.firstName}} has no value for 2 contacts and no fallback. Add one, like {{contact.firstName | "…"}}.',
    );
  });

  it('pluralises the workflow editor’s problem count', () => {
    expect(new I18n('en').t('wf.fixProblems', { count: 1 })).toBe('One thing needs fixing before this can be saved:');
    expect(new I18n('en').t('wf.fixProblems', { count: 3 })).toBe('3 things need fixing before this can be saved:');
  });

  it("says why a channel refused a test message, in the channel's own words, in either language", () => {
    const refused = new ApiError(502, 'test_send_failed', 'The channel refused the test message: 500 command not recognized', undefined, {
      code: 'test_send_failed',
      channelCode: 'TEMPORARY',
      reason: '500 command not recognized',
    });
    expect(describeError(refused, new I18n('tr').t, false)).toBe('Kanal test mesajını kabul etmedi: 500 command not recognized. Kanalı Ayarlar → Kanallar bölümünden denetleyin.');
    expect(describeError(refused, new I18n('en').t)).toBe('The channel refused the test message: 500 command not recognized. Check the channel in Settings → Channels.');
  });
});
