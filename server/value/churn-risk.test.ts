// Churn risk: below the workspace's P(alive) threshold and in the top two fifths by value if still active.
import { describe, expect, it } from 'vitest';
import { atChurnRisk } from './churn-risk.ts';

describe('atChurnRisk', () => {
  // Ten buyers, values 100…1000: the top two fifths are the values 900 and 1000 (scores 5) and 700, 800 (score 4).
  const buyers = Array.from({ length: 10 }, (_, i) => ({ contactId: `c${i + 1}`, valueIfActive: (i + 1) * 100, pAlive: i % 2 === 0 ? 0.2 : 0.8 }));

  it('marks only high-value buyers whose probability of being active is below the threshold', () => {
    expect([...atChurnRisk(buyers, 0.5)].sort()).toEqual(['c7', 'c9']);
    expect([...atChurnRisk(buyers, 0.9)].sort()).toEqual(['c10', 'c7', 'c8', 'c9']);
    expect([...atChurnRisk(buyers, 0.2)]).toEqual([]);
  });

  it('gives equal values the same rank, and a non-finite value none', () => {
    const at = (contactId: string, valueIfActive: number) => ({ contactId, valueIfActive, pAlive: 0.1 });
    const tied = [at('nan', Number.NaN), at('a', 10), at('b', 10), at('t0', 50), at('t1', 50)];
    expect([...atChurnRisk(tied, 0.5)].sort()).toEqual(['t0', 't1']);
    // Four tied at the top with one below: a fifth of the buyers rank under them, so they are not "high" (score 2).
    expect([...atChurnRisk([at('nan', Number.NaN), ...['w', 'x', 'y', 'z'].map((id) => at(id, 50))], 0.5)]).toEqual([]);
  });
});
