// RFM scoring, pure: recency, frequency and monetary scores 1–5 by quintile within the workspace, and named segments.

export const RFM_SEGMENTS = ['Champions', 'Loyal', 'Potential loyalists', 'New', 'Promising', 'Need attention', 'At risk', "Can't lose them", 'Hibernating', 'Lost'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface RfmCustomer {
  contactId: string;
  lastOrderAt: Date;
  orders: number;
  /** Decimal string in the workspace currency; compared exactly, in cents. */
  totalSpent: string;
}

export interface RfmScore {
  contactId: string;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

/**
 * score = 1 + ⌊5 × (customers with a strictly lower value) / customers⌋. Equal values always share a score (ntile
 * would split a tie at random), so when most customers bought once they all get F = 1 and the scores above stay
 * meaningful.
 */
export function quintileScores(values: readonly bigint[]): number[] {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = values.length;
  return values.map((v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return 1 + Math.floor((5 * lo) / n);
  });
}

/**
 * The segment map, on recency × frequency (monetary is scored and shown, not used for the name):
 *
 *        F=1          F=2   F=3        F=4    F=5
 *   R=5  New          Potential loyalists     Champions
 *   R=4  Promising    Potential loyalists     Loyal
 *   R=3  Need attention ………………………         Loyal
 *   R=2  Hibernating  ·     At risk ………       Can't lose them
 *   R=1  Lost         ·     At risk ………       Can't lose them
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4) {
    if (f >= 4) return r === 5 ? 'Champions' : 'Loyal';
    if (f >= 2) return 'Potential loyalists';
    return r === 5 ? 'New' : 'Promising';
  }
  if (r === 3) return f >= 4 ? 'Loyal' : 'Need attention';
  if (f === 5) return "Can't lose them";
  if (f >= 3) return 'At risk';
  return r === 2 ? 'Hibernating' : 'Lost';
}

const cents = (amount: string) => {
  const [whole = '0', frac = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2) || '0');
};

export function scoreRfm(customers: readonly RfmCustomer[]): RfmScore[] {
  const r = quintileScores(customers.map((c) => BigInt(c.lastOrderAt.getTime())));
  const f = quintileScores(customers.map((c) => BigInt(c.orders)));
  const m = quintileScores(customers.map((c) => cents(c.totalSpent)));
  return customers.map((c, i) => ({ contactId: c.contactId, r: r[i]!, f: f[i]!, m: m[i]!, segment: rfmSegment(r[i]!, f[i]!) }));
}
