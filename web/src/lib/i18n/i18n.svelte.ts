// The active language and every Intl formatter the UI uses, so dates and numbers follow the user's locale.
import { en, type MessageKey } from './en';
import { tr } from './tr';
import type { Locale } from '../api/types';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, tr };
const intlLocale: Record<Locale, string> = { en: 'en-GB', tr: 'tr-TR' };

/**
 * The `|`-separated forms of a message. A `|` inside `{{ }}` is template syntax shown to the user (a fallback,
 * `{{contact.firstName | "there"}}`, or a filter), not a form separator: splitting there printed `"there"}}.`.
 */
export function pluralForms(template: string): string[] {
  const forms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    if (template.startsWith('{{', i)) {
      depth++;
      i++;
    } else if (template.startsWith('}}', i) && depth > 0) {
      depth--;
      i++;
    } else if (template[i] === '|' && depth === 0) {
      forms.push(template.slice(start, i));
      start = i + 1;
    }
  }
  forms.push(template.slice(start));
  return forms;
}

export class I18n {
  locale = $state<Locale>('en');
  #tag = $derived(intlLocale[this.locale]);

  constructor(locale: Locale = 'en') {
    this.locale = locale;
  }

  setLocale(locale: string | null | undefined) {
    if (locale === 'en' || locale === 'tr') this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }

  /**
   * Translate `key`, replacing `{name}` placeholders from `vars`. A message with forms separated by `|`
   * (`one|other`) picks its form by the language's plural rules for `count`.
   */
  t = (key: MessageKey, vars: Record<string, string | number> = {}): string => {
    let template = catalogs[this.locale][key] ?? en[key] ?? key;
    const forms = pluralForms(template);
    if (forms.length > 1) template = this.#pluralForm(forms, vars.count);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
  };

  #pluralForm(forms: string[], count: string | number | undefined): string {
    // Counts often arrive already formatted ("1.234"); the digits decide the form.
    const n = typeof count === 'number' ? count : Number(String(count ?? '').replace(/\D/g, '') || 0);
    const index = new Intl.PluralRules(this.#tag).select(n) === 'one' ? 0 : 1;
    return forms[Math.min(index, forms.length - 1)]!;
  }

  date = (iso: string | null | undefined, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }, timeZone?: string): string => {
    if (!iso) return '—';
    const value = new Date(iso);
    if (Number.isNaN(value.getTime())) return '—';
    try {
      return new Intl.DateTimeFormat(this.#tag, { ...options, timeZone }).format(value);
    } catch {
      return new Intl.DateTimeFormat(this.#tag, options).format(value);
    }
  };

  dateTime = (iso: string | null | undefined) => this.date(iso, { dateStyle: 'medium', timeStyle: 'short' });

  /** "5 min ago" style, falling back to a date after a week. */
  relative = (iso: string | null | undefined, now: number = Date.now()): string => {
    if (!iso) return '—';
    let seconds = Math.round((new Date(iso).getTime() - now) / 1000);
    // The shared clock ticks every 30 s and server clocks drift; a just-now event must not read "in 4 sec".
    if (seconds > 0 && seconds < 120) seconds = 0;
    const abs = Math.abs(seconds);
    const rtf = new Intl.RelativeTimeFormat(this.#tag, { numeric: 'auto', style: 'short' });
    if (abs < 60) return rtf.format(seconds, 'second');
    if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
    return this.date(iso);
  };

  number = (value: number | null | undefined, options?: Intl.NumberFormatOptions) => (value === null || value === undefined ? '—' : new Intl.NumberFormat(this.#tag, options).format(value));

  currency = (value: number, currency: string) => this.number(value, { style: 'currency', currency });

  /** A duration in seconds as "3 h 20 min", for response-time reports. */
  duration = (seconds: number | null | undefined): string => {
    if (seconds === null || seconds === undefined) return '—';
    const unit = (n: number, u: 'hour' | 'minute' | 'second' | 'day') => new Intl.NumberFormat(this.#tag, { style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
    if (seconds < 60) return unit(Math.round(seconds), 'second');
    if (seconds < 3600) return unit(Math.round(seconds / 60), 'minute');
    if (seconds < 86400) return unit(Math.round((seconds / 3600) * 10) / 10, 'hour');
    return unit(Math.round((seconds / 86400) * 10) / 10, 'day');
  };
}
