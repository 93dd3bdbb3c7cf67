// Lexicon shape and matching: weighted terms and phrases, matched per token by prefix so suffixes still hit.
import { foldLoose } from '../text/fold.ts';

/**
 * - `negative`: complaint evidence ("berbat", "broken"); negated it turns mildly positive ("kötü değil").
 * - `positive`: satisfaction ("memnun", "happy"); negated it becomes complaint evidence ("memnun değilim").
 * - `expected`: what a customer expects to happen ("gel", "arrive"); only its negation is evidence ("gelmedi").
 * - `neutral`: longer forms that must not count as their prefix ("eksiksiz" is not "eksik").
 */
export type EntryKind = 'negative' | 'positive' | 'expected' | 'neutral';

export interface LexiconEntry {
  kind: EntryKind;
  /** Folded tokens; each matches a message token that starts with it, or equals it when `exact`. */
  tokens: Array<{ text: string; exact: boolean }>;
  weight: number;
  label: string;
  /** Words like "kimse"/"nobody" already carry their negation; the grammar's "yok" does not cancel them. */
  fixed: boolean;
}

export interface Lexicon {
  entries: LexiconEntry[];
  intensifiers: ReadonlySet<string>;
  /** Clause-level: the clause is hypothetical ("if it hasn't shipped"), so it is not evidence. */
  isConditional(tokens: string[]): boolean;
  /** A yes/no question weighs half: it asks about a problem more often than it reports one. */
  isQuestion?(tokens: string[]): boolean;
  /** Is the entry matched at [start, end] negated? Returns the index of a negator token to consume, -1 for an in-word negation, or undefined. */
  negation(tokens: string[], start: number, end: number, stemLength: number, isCovered: (index: number) => boolean): number | undefined;
  /** Negated verbs that are evidence on their own (Turkish "yapmıyor", "olmaz"). */
  genericNegative?(token: string): boolean;
}

/** `"paramı geri:1.5"`, `"late$:0.6"` (exact token), `"kimse:0.5:fixed"` (never negated) → entries. */
export function entries(kind: EntryKind, specs: string[]): LexiconEntry[] {
  return specs.map((spec) => {
    const [phrase, weight = '0', flag] = spec.split(':');
    const tokens = foldLoose(phrase)
      .split(/\s+/)
      .map((t) => ({ text: t.replace(/\$$/, ''), exact: t.endsWith('$') }));
    return { kind, tokens, weight: Number(weight), label: phrase.replace(/\$/g, ''), fixed: flag === 'fixed' };
  });
}

export interface Hit {
  entry: LexiconEntry;
  start: number;
  end: number;
}

/** Longest phrase first, then longest stem, so "eksiksiz" beats "eksik" and "paramı geri" beats nothing. */
export function findHits(tokens: string[], lexicon: Lexicon): Hit[] {
  const hits: Hit[] = [];
  let i = 0;
  while (i < tokens.length) {
    let best: LexiconEntry | undefined;
    for (const entry of lexicon.entries) {
      if (!matchesAt(tokens, i, entry)) continue;
      if (!best || entry.tokens.length > best.tokens.length || (entry.tokens.length === best.tokens.length && stemLength(entry) > stemLength(best))) best = entry;
    }
    if (best) {
      hits.push({ entry: best, start: i, end: i + best.tokens.length - 1 });
      i += best.tokens.length;
    } else i++;
  }
  return hits;
}

function matchesAt(tokens: string[], i: number, entry: LexiconEntry): boolean {
  return entry.tokens.every((t, k) => {
    const token = tokens[i + k];
    return token !== undefined && (t.exact ? token === t.text : token.startsWith(t.text));
  });
}

export function stemLength(entry: LexiconEntry): number {
  return entry.tokens[entry.tokens.length - 1].text.length;
}
