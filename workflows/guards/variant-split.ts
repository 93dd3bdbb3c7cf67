// Deterministic A/B split: which variant a campaign recipient gets, and whether they are in the test phase.
import { holdoutBucket } from './holdout.ts';

export interface WeightedVariant {
  key: string;
  weight: number;
}

/**
 * The variant for (campaign, contact), drawn from the same uniform hash as the holdout but salted apart, so that being
 * held out and the variant drawn are independent. Weights are relative: [1, 1] is 50/50, [3, 1] is 75/25.
 */
export function assignVariant<V extends WeightedVariant>(campaignId: string, contactId: string, variants: readonly V[]): V {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = holdoutBucket(`${campaignId}\u0000variant`, contactId) * total;
  for (const variant of variants) {
    if (point < variant.weight) return variant;
    point -= variant.weight;
  }
  return variants.at(-1)!;
}

/** With a test share, whether this contact is in the test phase (sent a variant now) or waits for the winner. */
export function inTestPhase(campaignId: string, contactId: string, testPercent: number | undefined): boolean {
  if (testPercent === undefined) return true;
  return holdoutBucket(`${campaignId}\u0000test`, contactId) < testPercent / 100;
}
