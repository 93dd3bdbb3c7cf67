// The shape of hand-written corpus material: sentences per domain and kind, with slots filled per variant.

export const DOMAINS = ['ecommerce', 'hotel', 'restaurant', 'telecom', 'bank', 'clinic'] as const;
export type Domain = (typeof DOMAINS)[number];
export type MaterialKind = 'implicit' | 'explicit' | 'question' | 'neutral' | 'praise';

/** Each language's material is a JSON file of this shape: phrases-tr.json, phrases-en.json. */
export interface Material {
  /** Values for the slots a sentence names: {n} a small number, {days} a duration, {hours}, {item} a product, {amount} a sum, {ref} an order or ticket number. */
  slots: Record<string, string[]>;
  /** Prefixed to some variants; blanks make a bare message more likely. */
  openers: string[];
  /** Appended to complaints and neutral messages only (a question or praise ends on its own). */
  closers: string[];
  domains: Record<Domain, Record<MaterialKind, string[]>>;
}
