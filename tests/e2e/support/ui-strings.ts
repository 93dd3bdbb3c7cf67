// Finds UI text left in the wrong language: strings a page shows that are the other catalog's messages or words, catalog
// keys shown raw, and internal identifiers (snake_case values, ids), with the test's own seeded content set aside.
import type { Page } from 'playwright-core';
import { en } from '../../../web/src/lib/i18n/en';
import { tr } from '../../../web/src/lib/i18n/tr';
import { CHANNEL_KINDS, IDENTITY_KINDS } from '../../../connectors/channel-kinds';
import { CONVERSATION_STATUSES, PRIORITIES } from '../../../server/db/schema/conversations';
import { ROLES } from '../../../server/db/schema/users';

/** Values of the server's vocabularies: shown as they are, they are untranslated (a channel kind, a role, a status). */
const internalValues = new Set<string>([...CHANNEL_KINDS, ...IDENTITY_KINDS, ...ROLES, ...CONVERSATION_STATUSES, ...PRIORITIES]);

export type Language = 'en' | 'tr';

/** Every string a person can read or hear: text nodes (hidden ones too: closed panels, options) and labelling attributes. */
export async function uiStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement?.tagName;
        if (parent !== 'SCRIPT' && parent !== 'STYLE' && parent !== 'TEXTAREA') out.push(node.textContent ?? '');
        continue;
      }
      const el = node as Element;
      // Message bodies and e-mail HTML are the customer's words, not the UI's.
      if (el.matches('.body, .email-html, iframe')) continue;
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    return out.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
  });
}

/** Words of three letters or more; letters inside a token with digits (an id such as 4add3491) are no word. */
const words = (text: string) => (text.toLocaleLowerCase('en').match(/[\p{L}\p{N}]+/gu) ?? []).filter((token) => token.length >= 3 && !/\p{N}/u.test(token));
const catalogs = { en, tr } as const;
const values = (language: Language) => Object.values(catalogs[language]) as string[];
/** The literal parts of a message as a pattern ({placeholders} match anything, plural forms split). */
const messagePatterns = (language: Language, other: Language) => {
  const otherValues = new Set(values(other));
  return values(language)
    .filter((value) => !otherValues.has(value))
    .flatMap((value) => value.split('|'))
    .filter((form) => form.replace(/\{\w+\}/g, '').replace(/[^\p{L}]/gu, '').length >= 4)
    .map((form) => ({ form, pattern: new RegExp(`^${form.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '.+')}$`, 'u') }));
};

/**
 * The language's own month and weekday names, short and long, as dates are shown in it: Turkish "May" (Mayıs) and "Per"
 * (Perşembe) are Turkish there, though "may" and "per" are also English words of the catalog.
 */
function calendarNames(language: Language): string[] {
  const names = (options: Intl.DateTimeFormatOptions, dates: Date[]) => dates.map((d) => new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(d));
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, i, 15)));
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 0, 4 + i)));
  return [...names({ month: 'short' }, months), ...names({ month: 'long' }, months), ...names({ weekday: 'short' }, days), ...names({ weekday: 'long' }, days)];
}

/** IANA zone names (Europe/Istanbul) and ISO currency codes (TRY) are the same in every language. */
const platformText = /^(?:[A-Z][A-Za-z_+-]+\/[A-Za-z_/+-]+|[A-Z]{3})$/;

/** A uuid, or the first eight hex digits of one (letters and digits both), which a UI shortens an id to. */
const rawId = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8}\b/;

export interface Finding {
  text: string;
  why: string;
}

/**
 * What in `strings` (shown in `language`) belongs to the other language or is an internal value. `seeded` is content
 * the test wrote itself (names, messages, labels): its words are data, not UI.
 */
export function wrongLanguage(strings: readonly string[], language: Language, seeded: readonly string[], allowedWords: readonly string[] = []): Finding[] {
  const other: Language = language === 'en' ? 'tr' : 'en';
  const own = new Set([...values(language), ...calendarNames(language)].flatMap(words));
  const data = new Set([...seeded.flatMap(words), ...allowedWords.map((w) => w.toLocaleLowerCase('en'))]);
  const foreignWords = new Set(
    values(other)
      .flatMap(words)
      .filter((w) => !own.has(w) && !data.has(w)),
  );
  const patterns = messagePatterns(other, language);
  const keys = new Set(Object.keys(en));
  const findings: Finding[] = [];
  for (const text of new Set(strings)) {
    if (platformText.test(text) || seeded.includes(text)) continue;
    const message = patterns.find((p) => p.pattern.test(text));
    if (message) findings.push({ text, why: `${other} message "${message.form}"` });
    else if (keys.has(text)) findings.push({ text, why: 'a catalog key shown raw' });
    else if (internalValues.has(text)) findings.push({ text, why: 'an internal value shown raw' });
    else if (/\b[a-z]+(?:_[a-z]+)+\b/.test(text) && !seeded.some((s) => text.includes(s))) findings.push({ text, why: 'a snake_case internal value' });
    // An id inside a URL the integrator copies (an API channel's inbound address) is the address, not a raw id.
    else if (rawId.test(text.replace(/https?:\/\/\S+/g, ''))) findings.push({ text, why: 'a raw id' });
    else {
      // Template variables ({{contact.email}}, contact.email) are the template language, the same in every UI language.
      // So are addresses and URLs given as examples.
      const prose = text
        .replace(/https?:\/\/\S+|\S+@\S+/g, ' ')
        .replace(/\{\{[^}]*\}\}/g, ' ')
        .replace(/\b[a-z]+(?:\.[a-zA-Z]+)+\b/g, ' ');
      const foreign = words(prose).filter((w) => foreignWords.has(w));
      if (foreign.length) findings.push({ text, why: `${other} words: ${foreign.join(', ')}` });
    }
  }
  return findings;
}
