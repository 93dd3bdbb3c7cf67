// Churn risk, pure: a buyer whose probability of still being active is below the workspace threshold while their
// expected value is high. "High" is the top two fifths of the workspace's buyers (the ranks an RFM score of 4 or 5
// names), by what the customer is expected to spend in the next 12 months *if still active*: the BG/NBD expected
// purchases given alive (conditional expectation ÷ P(alive)) × the Gamma-Gamma expected spend. That value does not
// fall as P(alive) falls, so a customer slipping away keeps the value that makes them worth a win-back.
import { quintileScores } from './rfm-score.ts';

export interface ChurnInput {
  contactId: string;
  pAlive: number;
  /** Expected 12-month value if still active, in the workspace currency (purchases when no spend model fits). */
  valueIfActive: number;
}

export const HIGH_VALUE_SCORE = 4;

/** The ids at churn risk now. */
export function atChurnRisk(customers: readonly ChurnInput[], threshold: number): Set<string> {
  // Ranked in cents as integers, so equal values share a rank exactly as RFM's quintiles do.
  const scores = quintileScores(customers.map((c) => BigInt(Math.round(Number.isFinite(c.valueIfActive) ? c.valueIfActive * 100 : 0))));
  const out = new Set<string>();
  customers.forEach((c, i) => {
    if (c.pAlive < threshold && scores[i]! >= HIGH_VALUE_SCORE) out.add(c.contactId);
  });
  return out;
}
