import { describe, expect, it } from 'vitest';
import { summarizePairs } from './pairs';

describe('summarizePairs', () => {
  it('gives each build its median run, and the median of the pairs’ ratios and how many the candidate won', () => {
    // Ratios 1.1, 0.95, 1.1 and 1.2.
    const summary = summarizePairs([100, 200, 300, 400], [110, 190, 330, 480]);
    expect(summary).toMatchObject({ pairs: 4, baseMedian: 250, candidateMedian: 260, wins: 3 });
    expect(summary.medianRatio).toBeCloseTo(1.1);
  });

  it('judges by the pairs, not by the runs: a drift that slows both alike does not hide a faster build', () => {
    const summary = summarizePairs([300, 150, 300], [315, 157.5, 315]);
    expect(summary.medianRatio).toBeCloseTo(1.05);
    expect(summary.wins).toBe(3);
  });

  it('refuses runs that do not pair up', () => {
    expect(() => summarizePairs([1, 2], [1])).toThrow(/a run of each build/);
    expect(() => summarizePairs([], [])).toThrow(/a run of each build/);
  });
});
