// Turns a customer's message into an any-word Postgres tsquery over folded, crudely stemmed words (matched against `message_stems`).
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
 * Turkish is agglutinative ("siparişim", "siparişimi", "siparişiniz"): a word's first five letters find its other
 * forms, at the cost of a few false friends, which ranking by number of hits absorbs. The messages' and canned
 * responses' words are cut the same way in SQL (`message_stems`, migration 0016), so a full stem is an exact term.
 */
export const STEM_LENGTH = 5;
const MAX_TERMS = 24;

/** Every word of three letters or more, folded and cut to its stem: what `message_stems` indexes in SQL. */
export function wordStems(folded: string): string[] {
  return folded
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3)
    .map((w) => w.slice(0, STEM_LENGTH));
}

/** The distinct stems of a customer's message that say something about its topic (stop words left out). */
export function stemsOf(text: string): string[] {
  const folded = foldText(text.slice(0, 2_000));
  const topical = folded.split(/[^\p{L}\p{N}]+/u).filter((w) => !STOP_WORDS.has(w));
  return [...new Set(wordStems(topical.join(' ')))].slice(0, MAX_TERMS);
}

/**
 * `stem1 | stem2 | sho:*`, or '' when the message has no searchable word. Stems are letters and digits only; one
 * shorter than five letters is the whole word, which may begin a longer word's stem ("kart" in "kartım"), so it stays a prefix.
 */
export function anyWordQuery(text: string): string {
  return stemsOf(text)
    .map((s) => (s.length === STEM_LENGTH ? s : `${s}:*`))
    .join(' | ');
}
