// Tells Turkish from English by Turkish letters and common short words; enough to pick a lexicon.
import type { DetectorLanguage } from './detector.ts';

const TURKISH_LETTERS = /[çğışöüÇĞİŞÖÜ]/g;
const TR_WORDS = new Set([
  've',
  'bir',
  'bu',
  'icin',
  'cok',
  'ne',
  'mi',
  'mu',
  'degil',
  'ama',
  'da',
  'de',
  'ile',
  'gibi',
  'daha',
  'hic',
  'merhaba',
  'lutfen',
  'var',
  'yok',
  'ben',
  'siz',
  'biz',
  'neden',
  'nasil',
  'hala',
  'kargo',
  'siparis',
  'urun',
  'tesekkurler',
  'tamam',
  'iyi',
  'kotu',
  'sadece',
  'hemen',
  'gun',
  'zaman',
  'kadar',
  'misiniz',
  'miyim',
  'ederim',
  'tekrar',
  'olarak',
  'sonra',
  'once',
  'gore',
  'bana',
  'beni',
  'sizin',
]);
/** Verb and plural endings that English words almost never have ("gerekiyor", "istiyorum", "yazmak"). */
const TR_ENDING = /\w{2,}(?:[iu]yor\w*|yorum|m[ae]k|[ae]c[ae]k|s[iu]n[iu]z|l[ae]r[iu]|d[iu]r)$/;
const EN_WORDS = new Set([
  'the',
  'and',
  'is',
  'are',
  'my',
  'to',
  'i',
  "i'm",
  'you',
  'your',
  'it',
  "it's",
  'not',
  'was',
  'for',
  'of',
  'a',
  'an',
  'this',
  'that',
  'with',
  'have',
  'has',
  'please',
  'thanks',
  'thank',
  'hi',
  'can',
  'could',
  'do',
  'does',
  'what',
  'when',
  'how',
  'order',
  'on',
  'in',
  'at',
  'me',
  'be',
  'will',
  'just',
  'there',
  'no',
]);

export function detectLanguage(text: string, hint?: string): DetectorLanguage {
  return detectLanguageOrNone(text, hint) ?? 'en';
}

/** The language the hint or the text says, or undefined when the text leans neither way ("rezalet", "berbat"). */
export function detectLanguageOrNone(text: string, hint?: string): DetectorLanguage | undefined {
  const tag = hint?.toLowerCase().slice(0, 2);
  if (tag === 'tr' || tag === 'en') return tag;
  let tr = (text.match(TURKISH_LETTERS)?.length ?? 0) * 2;
  let en = 0;
  const words = text
    .toLocaleLowerCase('tr')
    .replace(/[ı]/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z']+/);
  for (const word of words) {
    if (TR_WORDS.has(word) || TR_ENDING.test(word)) tr++;
    if (EN_WORDS.has(word)) en++;
  }
  return tr > en ? 'tr' : en > tr ? 'en' : undefined;
}
