/**
 * What alternating runs of two builds say: each pair is one run of each,
 * side by side, so the machine's drift (tens of per cent on a shared
 * machine) touches both alike and their ratio keeps the difference.
 */
export interface PairSummary {
  pairs: number;
  /** The median run of each build, frames per wall-second. */
  baseMedian: number;
  candidateMedian: number;
  /** The median of candidate ÷ base over the pairs. */
  medianRatio: number;
  /** Pairs in which the candidate was faster. */
  wins: number;
}

export function summarizePairs(base: number[], candidate: number[]): PairSummary {
  if (base.length !== candidate.length || base.length === 0) throw new Error('each pair needs a run of each build');
  const ratios = base.map((b, i) => candidate[i] / b);
  return {
    pairs: base.length,
    baseMedian: median(base),
    candidateMedian: median(candidate),
    medianRatio: median(ratios),
    wins: ratios.filter((r) => r > 1).length,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
