// Renders a workflow template for one contact: language choice, variables, fallbacks, money.
import type { Facts } from '../facts.ts';
import type { TemplateDefinition } from '../model.ts';
import { chooseLanguage } from './choose-language.ts';
import { extractVariables, parsePlaceholders, type Placeholder } from './parse-template.ts';

export { extractVariables };

export interface RenderedMessage {
  language: string;
  subject?: string;
  body: string;
  /** Variables that had no value and no fallback: rendered as empty text, shown in dry runs. */
  missing: string[];
}

export function renderTemplate(template: TemplateDefinition, facts: Facts): RenderedMessage {
  const language = chooseLanguage(Object.keys(template.languages), facts.contact.language, template.fallbackLanguage);
  const variant = template.languages[language];
  const missing: string[] = [];
  const locale = facts.contact.language ?? language;
  const subject = variant.subject === undefined ? undefined : renderText(variant.subject, facts, locale, missing);
  const body = renderText(variant.body, facts, locale, missing);
  return { language, subject, body, missing: [...new Set(missing)] };
}

export function renderText(text: string, facts: Facts, locale: string, missing: string[] = []): string {
  let out = text;
  for (const placeholder of parsePlaceholders(text)) {
    out = out.replace(placeholder.raw, () => renderPlaceholder(placeholder, facts, locale, missing));
  }
  return out;
}

function renderPlaceholder(p: Placeholder, facts: Facts, locale: string, missing: string[]): string {
  const value = lookup(p.name, facts);
  if (value === undefined || value === null || value === '') {
    if (p.fallback === undefined) missing.push(p.name);
    return p.fallback ?? '';
  }
  if (p.format === 'money') return formatMoney(value, facts.contact.currency, locale);
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  if (p.format === 'upper') return text.toLocaleUpperCase(locale);
  if (p.format === 'lower') return text.toLocaleLowerCase(locale);
  return text;
}

function lookup(name: string, facts: Facts): unknown {
  const [root, ...rest] = name.split('.');
  if (root === 'coupon') return readPath(facts.vars?.coupon, rest, true);
  if (root === 'survey') return readPath(facts.vars?.survey, rest, false);
  if (name === 'contact.name') return facts.contact.name ?? joinName(facts.contact.firstName, facts.contact.lastName);
  const source: Record<string, unknown> = { contact: facts.contact, conversation: facts.conversation, workspace: facts.workspace, vars: facts.vars };
  return readPath(source[root], rest, false);
}

/** `{{coupon}}` alone means the code, whether the run stored a string or `{ code, amount }`. */
function readPath(node: unknown, parts: string[], codeIsDefault: boolean): unknown {
  let current = node;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (codeIsDefault && parts.length === 0 && current && typeof current === 'object') return (current as { code?: unknown }).code;
  return current;
}

function joinName(first?: string, last?: string): string | undefined {
  const joined = [first, last].filter(Boolean).join(' ');
  return joined || undefined;
}

/** Intl does the symbol, grouping and decimal mark for the contact's language ("1.234,50 ₺" in tr). */
export function formatMoney(value: unknown, currency: string | undefined, locale: string): string {
  const amount = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(amount)) return String(value);
  if (!currency) return new Intl.NumberFormat(safeLocale(locale)).format(amount);
  return new Intl.NumberFormat(safeLocale(locale), { style: 'currency', currency }).format(amount);
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
