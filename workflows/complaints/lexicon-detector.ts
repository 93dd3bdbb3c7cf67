// The lexicon complaint detector: sums weighted evidence per clause, with negation, intensifiers and conditionals.
import { detectLanguageOrNone } from './detect-language.ts';
import type { ComplaintDetector, ComplaintScore, DetectorLanguage } from './detector.ts';
import { englishLexicon } from './lexicon-en.ts';
import { type Hit, findHits, type Lexicon, stemLength } from './lexicon.ts';
import { turkishLexicon } from './lexicon-tr.ts';
import { clausesOf } from './tokenize.ts';

const LEXICONS: Record<DetectorLanguage, Lexicon> = { tr: turkishLexicon, en: englishLexicon };
const INTENSITY = 1.3;
/** A negated positive ("not happy", "memnun değilim") is complaint evidence on its own. */
const NEGATED_POSITIVE_MIN = 1.0;
const GENERIC_NEGATED_VERB = 0.6;
const QUESTION_WEIGHT = 0.5;

export interface LexiconDetectorOptions {
  /** Score at or above which a message is a complaint; 0.5 is one full unit of evidence. */
  threshold?: number;
}

export function createLexiconDetector(options: LexiconDetectorOptions = {}): ComplaintDetector {
  const threshold = options.threshold ?? 0.5;
  return {
    score(text: string, language?: string): ComplaintScore {
      const lang = detectLanguageOrNone(text, language);
      const scoreIn = (lang: DetectorLanguage): ComplaintScore => {
        const counted = new Set<string>();
        const matched: string[] = [];
        let total = 0;
        for (const tokens of clausesOf(text)) total += scoreClause(tokens, LEXICONS[lang], counted, matched);
        const evidence = Math.max(0, total);
        const score = evidence / (evidence + 1);
        return { score: Math.round(score * 1000) / 1000, isComplaint: score >= threshold, language: lang, matched };
      };
      if (lang) return scoreIn(lang);
      // A short message with no telling words ("Rezalet!", "Kargom gelmedi") is read in the language whose lexicon
      // finds evidence in it, English when neither does.
      const english = scoreIn('en');
      const turkish = scoreIn('tr');
      return turkish.score > english.score ? turkish : english;
    },
  };
}

function scoreClause(tokens: string[], lexicon: Lexicon, counted: Set<string>, matched: string[]): number {
  const hits = findHits(tokens, lexicon);
  const consumed = new Set<number>();
  const covered = new Set(hits.flatMap((h) => range(h.start, h.end)));
  // Tokens whose hit carried no weight (an un-negated short stem like "aç" inside "açıklayamıyor") stay open
  // to the generic negated-verb check.
  const weighed = new Set<number>();
  let evidence = 0;
  let relief = 0;
  for (const hit of hits) {
    let negator = hit.entry.fixed ? undefined : lexicon.negation(tokens, hit.start, hit.end, stemLength(hit.entry), (i) => covered.has(i));
    // A negator negates one thing: in "doesn't work as advertised" it is spent on "work".
    if (negator !== undefined && negator >= 0 && consumed.has(negator)) negator = undefined;
    if (negator !== undefined && negator >= 0) consumed.add(negator);
    const value = weigh(hit, negator !== undefined);
    if (value !== 0 || hit.entry.kind === 'neutral') range(hit.start, hit.end).forEach((i) => weighed.add(i));
    if (value === 0 || counted.has(hit.entry.label)) continue;
    counted.add(hit.entry.label);
    matched.push(negator !== undefined ? `not(${hit.entry.label})` : hit.entry.label);
    if (value > 0) evidence += value;
    else relief += value;
  }
  tokens.forEach((token, i) => {
    if (weighed.has(i) || consumed.has(i) || !lexicon.genericNegative?.(token) || counted.has(token)) return;
    counted.add(token);
    matched.push(`~${token}`);
    evidence += GENERIC_NEGATED_VERB;
  });
  // A hypothetical clause ("if it hasn't shipped yet") describes no actual failure.
  if (lexicon.isConditional(tokens)) evidence = 0;
  if (lexicon.isQuestion?.(tokens)) evidence *= QUESTION_WEIGHT;
  if (tokens.some((t, i) => lexicon.intensifiers.has(t) && !(t === 'all' && tokens[i - 1] !== 'at'))) evidence *= INTENSITY;
  return evidence + relief;
}

function weigh(hit: Hit, negated: boolean): number {
  const { kind, weight } = hit.entry;
  if (kind === 'negative') return negated ? -0.3 * weight : weight;
  if (kind === 'positive') return negated ? Math.max(NEGATED_POSITIVE_MIN, 1.5 * weight) : -weight;
  if (kind === 'expected') return negated ? weight : 0;
  return 0;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
