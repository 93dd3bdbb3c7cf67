import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.ts';
import { chooseLanguage } from './choose-language.ts';
import { extractVariables, formatMoney, renderTemplate } from './render.ts';

const facts = (contact: Partial<Facts['contact']>, vars?: Facts['vars']): Facts => ({
  now: new Date('2026-01-01T00:00:00Z'),
  contact: { id: 'c1', firstSeenAt: new Date('2025-01-01T00:00:00Z'), ...contact },
  workspace: { name: 'Kahve Dükkanı' },
  vars,
});

const greeting = {
  fallbackLanguage: 'en',
  languages: {
    en: { subject: 'Happy birthday, {{contact.firstName | "friend"}}!', body: 'Use {{coupon}} for {{coupon.amount | money}} off at {{workspace.name}}.' },
    tr: { body: 'İyi ki doğdun {{contact.firstName | "dostum"}}! {{coupon.amount | money}} indirim: {{coupon}}' },
  },
};

describe('chooseLanguage', () => {
  it('falls back from a regional tag to its base language, then to the fallback', () => {
    expect(chooseLanguage(['en', 'tr'], 'tr-TR', 'en')).toBe('tr');
    expect(chooseLanguage(['en', 'pt-BR'], 'pt-br', 'en')).toBe('pt-BR');
    expect(chooseLanguage(['en', 'tr'], 'de-DE', 'en')).toBe('en');
    expect(chooseLanguage(['en', 'tr'], undefined, 'en')).toBe('en');
  });
});

describe('renderTemplate', () => {
  it('renders the Turkish text with lira formatted the Turkish way', () => {
    const out = renderTemplate(greeting, facts({ firstName: 'Ayşe', language: 'tr-TR', currency: 'TRY' }, { coupon: { code: 'DOGUM50', amount: 1250.5 } }));
    expect(out.language).toBe('tr');
    expect(out.body).toBe(`İyi ki doğdun Ayşe! ${new Intl.NumberFormat('tr-TR', { style: 'currency', currency: 'TRY' }).format(1250.5)} indirim: DOGUM50`);
    expect(out.body).toContain('1.250,50');
    expect(out.missing).toEqual([]);
  });

  it('uses the fallback value when a variable is empty and reports variables left blank', () => {
    const out = renderTemplate(greeting, facts({ language: 'de' }, { coupon: 'BDAY' }));
    expect(out.language).toBe('en');
    expect(out.subject).toBe('Happy birthday, friend!');
    expect(out.body).toBe('Use BDAY for  off at Kahve Dükkanı.');
    expect(out.missing).toEqual(['coupon.amount']);
  });

  it('formats dollars for an English contact', () => {
    expect(formatMoney(20, 'USD', 'en-US')).toBe('$20.00');
  });
});

describe('extractVariables', () => {
  it('lists each variable once, ignoring fallbacks and formats', () => {
    expect(extractVariables('Hi {{ contact.firstName | "there" }}, {{coupon.amount|money}} {{contact.firstName}}')).toEqual(['contact.firstName', 'coupon.amount']);
  });
});
