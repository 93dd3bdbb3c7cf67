// Features of a message for the complaint model: folded words, word pairs and character n-grams inside words
// (the n-grams carry Turkish suffixes: "gelmedi", "bekliyorum", "kırılmış" share "me", "iyor", "mış" pieces).
import { foldLoose } from '../../text/fold.ts';

const MIN_GRAM = 3;
const MAX_GRAM = 5;

export function wordsOf(text: string): string[] {
  return foldLoose(text.replace(/[’‘`]/g, "'"))
    .replace(/\d+([.,]\d+)?/g, '0')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** What the lexicon saw below its threshold: nothing, praise that outweighed any evidence, or weak evidence. */
export type LexiconHint = 'none' | 'relief' | 'weak';

export function lexiconHint(score: { score: number; matched: string[] }): LexiconHint {
  return score.matched.length === 0 ? 'none' : score.score === 0 ? 'relief' : 'weak';
}

/** Distinct feature names; the model weighs presence, not counts (short messages). */
export function featuresOf(text: string, hint?: LexiconHint): string[] {
  const words = wordsOf(text);
  const out = new Set<string>();
  words.forEach((word, i) => {
    out.add(`w:${word}`);
    if (i > 0) out.add(`b:${words[i - 1]} ${word}`);
    const padded = ` ${word} `;
    for (let n = MIN_GRAM; n <= MAX_GRAM; n++) for (let k = 0; k + n <= padded.length; k++) out.add(`c:${padded.slice(k, k + n)}`);
  });
  if (/\?\s*$/.test(text)) out.add('q:ends-with-question');
  if (hint) out.add(`lex:${hint}`);
  return [...out];
}
