import { describe, expect, it } from 'vitest';
import { I18n, en, tr } from './index';

describe('I18n', () => {
  it('has a Turkish message for every English key, none left empty', () => {
    expect(Object.keys(tr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(tr)) expect(value.trim(), key).not.toBe('');
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(tr[key]), key).toEqual(placeholders(en[key]));
  });

  it('switches language and fills placeholders', () => {
    const i18n = new I18n('en');
    expect(i18n.t('inbox.unread', { count: 3 })).toBe('3 unread');
    i18n.setLocale('tr');
    expect(i18n.t('inbox.unread', { count: 3 })).toBe('3 okunmamış');
    i18n.setLocale('de');
    expect(i18n.locale).toBe('tr');
  });

  it("picks the singular or plural form by the language's rules, even from a formatted count", () => {
    const i18n = new I18n('en');
    expect(i18n.t('automation.audienceCount', { count: 1 })).toBe('1 contact matches');
    expect(i18n.t('automation.audienceCount', { count: '1,234' })).toBe('1,234 contacts match');
    expect(i18n.t('automation.audienceCount', { count: 0 })).toBe('0 contacts match');
    i18n.setLocale('tr');
    expect(i18n.t('automation.audienceCount', { count: 1 })).toBe('1 kişi eşleşiyor');
    expect(i18n.t('automation.audienceCount', { count: 5 })).toBe('5 kişi eşleşiyor');
  });

  it('formats numbers, money and dates through Intl for the chosen language', () => {
    const i18n = new I18n('tr');
    expect(i18n.number(1234.5)).toBe('1.234,5');
    expect(i18n.currency(10, 'TRY')).toContain('10,00');
    expect(i18n.date('2026-01-15T12:00:00Z', { month: 'long', timeZone: 'UTC' })).toBe('Ocak');
    i18n.setLocale('en');
    expect(i18n.number(1234.5)).toBe('1,234.5');
  });

  it("shows a date in the contact's own time zone", () => {
    const i18n = new I18n('en');
    const at = '2026-06-01T21:30:00Z';
    expect(i18n.date(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'Europe/Istanbul')).toBe('00:30');
    expect(i18n.date(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'America/New_York')).toBe('17:30');
  });

  it('describes relative times and durations', () => {
    const i18n = new I18n('en');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(i18n.relative('2026-01-01T11:55:00Z', now)).toMatch(/^5 min\.? ago$/);
    expect(i18n.duration(90)).toMatch(/^2 mins?$/);
    expect(i18n.duration(null)).toBe('—');
  });

  it('shows template syntax in a message whole: a | inside {{ }} is a fallback or filter, not a plural form', () => {
    const i18n = new I18n('en');
    expect(i18n.t('wf.variablesHint')).toBe('Click to insert at the cursor. Add a fallback with {{contact.firstName | "there"}}.');
    expect(i18n.t('wf.couponHint')).toContain('{{coupon}} and {{coupon.amount | money}}.');
    expect(i18n.t('wf.err.unknownVariable', { name: 'contact.nmae' })).toBe('Unknown variable {{contact.nmae}}.');
    i18n.setLocale('tr');
    expect(i18n.t('wf.variablesHint')).toBe('İmlecin olduğu yere eklemek için tıklayın. Yedek değer için: {{contact.firstName | "dostum"}}.');
  });

  it('renders every {{ }} of every catalog message whole, in both languages', () => {
    const i18n = new I18n('en');
    for (const locale of ['en', 'tr'] as const) {
      i18n.setLocale(locale);
      const catalog = locale === 'en' ? en : tr;
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        const tokens = catalog[key].match(/\{\{[^{}]*\}\}/g) ?? [];
        const shown = i18n.t(key, { count: 2 });
        for (const token of tokens) expect(shown, `${locale} ${key}`).toContain(token);
      }
    }
  });
});
