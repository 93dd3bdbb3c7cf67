// Campaign A/B tests: the variants and test settings, and the pure choice of a winner with its lift over the runner-up.
import { z } from 'zod';
import { type Interval, proportionDifference, significant } from '../attribution/lift.ts';

export const VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;
export type VariantKey = (typeof VARIANT_KEYS)[number];
export const AB_METRICS = ['reply', 'click', 'conversion'] as const;
export type AbMetric = (typeof AB_METRICS)[number];
/**
 * Who chose the winner: the tick once the test ran its hours (`auto`), the marketer (`manual`), or the tick at once when
 * the test share messaged nobody and nobody in it is left to message (`untested`: every rate is 0, so the earlier key).
 */
export type WinnerDecidedBy = 'auto' | 'manual' | 'untested';
/** Hours after the first test send when the winner is chosen, unless the campaign says otherwise (Mailchimp's default). */
export const DEFAULT_DECIDE_AFTER_HOURS = 4;

export const variantSchema = z.object({
  key: z.enum(VARIANT_KEYS, { error: 'a variant key is A, B, C or D' }),
  templateId: z.uuid(),
  /** Relative share of the split; all variants weigh 1 when absent. */
  weight: z.number({ error: 'a weight is a number' }).positive({ error: 'a variant weight must be more than 0' }).max(1_000).default(1),
});

export const variantsSchema = z
  .array(variantSchema)
  .min(2, { error: 'an A/B test needs 2 to 4 variants' })
  .max(4, { error: 'an A/B test needs 2 to 4 variants' })
  .refine((vs) => new Set(vs.map((v) => v.key)).size === vs.length, { error: 'each variant needs its own key (A, B, C, D)' });

export const abTestSchema = z.object({
  /** What decides the winner: the share of messaged recipients who replied, clicked a tracked link, or bought (attributed). */
  metric: z.enum(AB_METRICS, { error: 'the metric is reply, click or conversion' }),
  /** Only this share of the audience (1–50%) is sent the variants; the rest gets the winner. Absent: everyone is split. */
  testPercent: z.number().int().min(1, { error: 'testPercent is 1 to 50' }).max(50, { error: 'testPercent is 1 to 50' }).optional(),
  /** Hours after the first test send when the winner is chosen (default 4). */
  decideAfterHours: z.number().int().min(1, { error: 'decideAfterHours is 1 to 720' }).max(720, { error: 'decideAfterHours is 1 to 720' }).optional(),
});
export type AbTest = z.infer<typeof abTestSchema>;

/** A variant's measured group: recipients messaged (`sent`) and how many of them did the metric. */
export interface VariantOutcome {
  key: string;
  sent: number;
  hits: number;
}

export interface AbLift {
  absolute: number;
  relative: number | null;
  ci95: Interval;
}

/** Rate = hits / messaged; 0 while nobody was messaged. */
export const variantRate = (v: VariantOutcome) => (v.sent ? v.hits / v.sent : 0);

/**
 * The variants best first: those messaged before any messaged nobody (a 0% of nobody is no result, so it neither leads
 * nor wins), then the highest rate, then the earlier key (a tie goes to A over B, as the split was fair).
 */
export function rankVariants<V extends VariantOutcome>(variants: readonly V[]): V[] {
  const messaged = (v: VariantOutcome) => (v.sent > 0 ? 1 : 0);
  return [...variants].sort((a, b) => messaged(b) - messaged(a) || variantRate(b) - variantRate(a) || a.key.localeCompare(b.key));
}

/**
 * The best variant (or the chosen winner) against the best of the others: difference of two proportions with its
 * 95% interval, the one formula used for holdout lift. Null while either group has nobody messaged.
 */
export function variantLift<K extends string>(
  variants: ReadonlyArray<VariantOutcome & { key: K }>,
  winner: string | null,
): { leader: K | null; runnerUp: K | null; lift: AbLift | null; significant: boolean } {
  const ranked = rankVariants(variants);
  const best = ranked.find((v) => v.key === winner) ?? ranked[0];
  const runnerUp = ranked.find((v) => v !== best);
  const keys = { leader: best?.key ?? null, runnerUp: runnerUp?.key ?? null };
  if (!best || !runnerUp || !best.sent || !runnerUp.sent) return { ...keys, lift: null, significant: false };
  const lift = proportionDifference({ n: best.sent, x: best.hits }, { n: runnerUp.sent, x: runnerUp.hits });
  return { ...keys, lift, significant: significant(lift.ci95) };
}
