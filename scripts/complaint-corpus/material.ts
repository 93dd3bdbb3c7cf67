// The shape of hand-written corpus material: sentences per domain and kind, with slots filled per variant.

export const DOMAINS = ['ecommerce', 'hotel', 'restaurant', 'telecom', 'bank', 'clinic'] as const;
export type Domain = (typeof DOMAINS)[number];
export type MaterialKind = 'implicit' | 'explicit' | 'question' | 'neutral' | 'praise';

export interface Material {
  slots: Record<string, string[]>;
  /** Prefixed to some variants; blanks make a bare message more likely. */
  openers: string[];
  /** Appended to complaints and neutral messages only (a question or praise ends on its own). */
  closers: string[];
  domains: Record<Domain, Record<MaterialKind, string[]>>;
}
