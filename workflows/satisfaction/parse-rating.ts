// Reads a 0–10 rating out of a survey reply in Turkish or English; null when absent or ambiguous.
import { foldLoose } from '../text/fold.ts';

const NUMBER_WORDS: Record<string, number> = {
  sifir: 0,
  zero: 0,
  nought: 0,
  bir: 1,
  one: 1,
  iki: 2,
  two: 2,
  uc: 3,
  three: 3,
  dort: 4,
  four: 4,
  bes: 5,
  five: 5,
  alti: 6,
  six: 6,
  yedi: 7,
  seven: 7,
  sekiz: 8,
  eight: 8,
  dokuz: 9,
  nine: 9,
  on: 10,
  ten: 10,
};

/** "on" is also English "on" and Turkish "bir" is also "a": trust them only when the reply is just the number. */
const AMBIGUOUS_WORDS = new Set(['on', 'bir']);
/** Any number out of 10 — or 5 for CSAT-style "4/5" — written as "x/10", "x out of 10", "10 üzerinden x". */
const OUT_OF = [/(\d{1,2})\s*(?:\/|out of|of)\s*(10|5)\b/, /(10|5)\s*uzerinden\s*(\d{1,2})/];

export function parseRating(reply: string): number | null {
  const text = foldLoose(reply).trim();
  for (const [i, pattern] of OUT_OF.entries()) {
    const m = pattern.exec(text);
    if (!m) continue;
    const [value, scale] = i === 0 ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
    if (value > scale) return null;
    return scale === 10 ? value : Math.round((value / scale) * 10);
  }
  // Ranges ("7-8") and several different numbers ("between 6 and 9") are ambiguous.
  if (/\d\s*(-|–|to|ile|veya|or)\s*\d/.test(text)) return null;
  const found = new Set<number>();
  for (const m of text.matchAll(/\d+/g)) {
    const n = Number(m[0]);
    if (n > 10) return null;
    found.add(n);
  }
  const words = text.split(/[^a-z]+/).filter(Boolean);
  for (const word of words) {
    const n = NUMBER_WORDS[word];
    if (n === undefined) continue;
    if (AMBIGUOUS_WORDS.has(word) && words.length > 2) continue;
    found.add(n);
  }
  return found.size === 1 ? [...found][0] : null;
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(rating: number): NpsCategory {
  if (rating >= 9) return 'promoter';
  if (rating >= 7) return 'passive';
  return 'detractor';
}

/** NPS over a set of ratings: % promoters − % detractors, from −100 to 100. */
export function netPromoterScore(ratings: readonly number[]): number | null {
  if (ratings.length === 0) return null;
  const promoters = ratings.filter((r) => r >= 9).length;
  const detractors = ratings.filter((r) => r <= 6).length;
  return Math.round(((promoters - detractors) / ratings.length) * 100);
}

/** CSAT: share of satisfied answers; on a 0–10 scale 8 and above count as satisfied. */
export function csatScore(ratings: readonly number[], satisfiedFrom = 8): number | null {
  if (ratings.length === 0) return null;
  return Math.round((ratings.filter((r) => r >= satisfiedFrom).length / ratings.length) * 100);
}
