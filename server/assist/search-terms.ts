// Turns a customer's message into an any-word Postgres tsquery over folded, crudely stemmed words.
import { foldText } from '../lib/fold-text.ts';

/**
 * Words that say nothing about the topic, in Turkish and English (already folded). Without them a greeting
 * ("merhaba, iyi günler") would match every past conversation.
 */
const STOP_WORDS = new Set(
  (
    'merhaba selam iyi gunler gunaydin aksamlar tesekkurler tesekkur ederim lutfen rica ve veya ile ama fakat icin bir bu su o ben biz siz ' +
    'mi mu misiniz musunuz mısınız var yok ne nasil neden cok daha de da ki hala ' +
    'hello hi hey thanks thank you please the a an and or but for to of in on at is are was were be been my your our i we it this that ' +
    'have has had do does did not no can could would will with from me'
  ).split(' '),
);

/**
 * Turkish is agglutinative ("siparişim", "siparişimi", "siparişiniz"): a word's first five letters as a prefix
 * term finds its other forms, at the cost of a few false friends, which ranking by number of hits absorbs.
 */
const STEM_LENGTH = 5;
const MAX_TERMS = 24;

export function stemsOf(text: string): string[] {
  const words = foldText(text.slice(0, 2_000)).split(/[^\p{L}\p{N}]+/u);
  const stems = words.filter((w) => w.length >= 3 && !STOP_WORDS.has(w)).map((w) => w.slice(0, STEM_LENGTH));
  return [...new Set(stems)].slice(0, MAX_TERMS);
}

/** `stem1:* | stem2:*`, or '' when the message has no searchable word. Stems are letters and digits only. */
export function anyWordQuery(text: string): string {
  return stemsOf(text)
    .map((s) => `${s}:*`)
    .join(' | ');
}
