import type { Candidate } from "./candidate";
import { effectiveWeights } from "./candidate";
import { pickWeightedRandom } from "./weighted-random";

export interface TimedCandidate extends Candidate {
  /** Latency EWMA in ms; null when the origin has no sample yet. */
  latencyEwmaMs: number | null;
}

/**
 * Latency steering: the origin with the lowest EWMA. Origins without a sample are tried first
 * (weighted random among them) so a new or long-unused origin gets measured; drained origins
 * (weight 0) are never picked while others have weight.
 */
export function pickLowestLatency<T extends TimedCandidate>(
  candidates: readonly T[],
  random: () => number,
): T | undefined {
  const weights = effectiveWeights(candidates);
  const eligible = candidates.filter((_, i) => (weights[i] ?? 0) > 0);
  const unmeasured = eligible.filter((c) => c.latencyEwmaMs === null);
  if (unmeasured.length > 0) return pickWeightedRandom(unmeasured, random);
  let best: T | undefined;
  for (const candidate of eligible) {
    if (!best || (candidate.latencyEwmaMs ?? 0) < (best.latencyEwmaMs ?? 0)) best = candidate;
  }
  return best;
}
