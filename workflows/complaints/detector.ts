// The complaint detector contract; the lexicon detector is one implementation, a model could be another.
//
// How to implement a detector:
//  1. Be pure and synchronous: the same text always gets the same score (the engine logs it).
//  2. Return `score` in 0..1 and `isComplaint` by your own threshold; say which `language` you scored in.
//  3. Put the evidence in `matched` (terms, negated forms) so an agent can see why a message was flagged.

export type DetectorLanguage = 'tr' | 'en';

export interface ComplaintScore {
  score: number;
  isComplaint: boolean;
  language: DetectorLanguage;
  matched: string[];
  /** Who decided: the lexicon, or the trained model where the lexicon found no evidence. */
  source?: 'lexicon' | 'model';
  /** The model's probability of a complaint, when a model was consulted. */
  probability?: number;
}

export interface ComplaintDetector {
  score(text: string, language?: string): ComplaintScore;
}
