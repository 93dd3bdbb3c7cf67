// Lift of a messaged group over its holdout, with 95% intervals: conversion rate (difference of two proportions, Wald)
// and revenue per recipient (difference of means, Welch). Pure: the figures come in, the report goes out.

/** The normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.96;

/** An order within this many days of a message is attributed to it when the campaign or workflow names no window. */
export const DEFAULT_CONVERSION_WINDOW_DAYS = 7;

export type Interval = [number, number];

/** A group's measured figures; revenue per contact in the workspace currency, zero for a contact who bought nothing. */
export interface GroupFigures {
  contacts: number;
  converted: number;
  /** Sum of the contacts' attributed revenue. */
  revenue: number;
  /** Sample variance (n − 1) of the per-contact revenue; 0 for fewer than two contacts. */
  revenueVariance: number;
}

/** p₁ − p₂ with the Wald interval d ± z·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂); relative = d / p₂ (null when p₂ is 0). */
export function proportionDifference(a: { n: number; x: number }, b: { n: number; x: number }, z = Z_95) {
  const p1 = a.x / a.n;
  const p2 = b.x / b.n;
  const absolute = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / a.n + (p2 * (1 - p2)) / b.n);
  return { absolute, relative: p2 > 0 ? absolute / p2 : null, ci95: [absolute - z * se, absolute + z * se] as Interval };
}

/** x̄₁ − x̄₂ with Welch's standard error √(s₁²/n₁ + s₂²/n₂): no assumption that both groups vary alike. */
export function meanDifference(a: { n: number; mean: number; variance: number }, b: { n: number; mean: number; variance: number }, z = Z_95) {
  const absolute = a.mean - b.mean;
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  return { absolute, ci95: [absolute - z * se, absolute + z * se] as Interval };
}

/** Money as the API serialises it: a decimal string with two places ("-0.00" is "0.00"). */
export function moneyAmount(amount: number): string {
  const text = amount.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

export interface RevenueLift {
  conversionRate: { absolute: number; relative: number | null; ci95: Interval };
  revenuePerRecipient: { absolute: string; ci95: [string, string] };
}

/** The messaged group against its holdout; null while either group is empty (there is nothing to compare). */
export function revenueLift(messaged: GroupFigures, heldOut: GroupFigures): RevenueLift | null {
  if (messaged.contacts === 0 || heldOut.contacts === 0) return null;
  const conversion = proportionDifference({ n: messaged.contacts, x: messaged.converted }, { n: heldOut.contacts, x: heldOut.converted });
  const perRecipient = meanDifference(
    { n: messaged.contacts, mean: messaged.revenue / messaged.contacts, variance: messaged.revenueVariance },
    { n: heldOut.contacts, mean: heldOut.revenue / heldOut.contacts, variance: heldOut.revenueVariance },
  );
  return {
    conversionRate: conversion,
    revenuePerRecipient: { absolute: moneyAmount(perRecipient.absolute), ci95: [moneyAmount(perRecipient.ci95[0]), moneyAmount(perRecipient.ci95[1])] },
  };
}

/** Whether an interval of a difference leaves zero out: the lift is distinguishable from none at 95%. */
export function significant(ci95: readonly [number | string, number | string]): boolean {
  const [lo, hi] = ci95.map(Number) as [number, number];
  return lo > 0 || hi < 0;
}
