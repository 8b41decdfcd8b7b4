import type { Candidate } from "./candidate";
import { effectiveWeights } from "./candidate";
import { pickWeightedRandom } from "./weighted-random";

export interface LoadedCandidate extends Candidate {
  /** Requests this isolate has sent to the origin that have not finished (streams included). */
  outstanding: number;
}

/**
 * Least outstanding requests, relative to weight: the origin with the lowest
 * `outstanding / weight` wins; ties (e.g. all idle) are broken by weighted random, so idle pools
 * still split traffic by weight.
 */
export function pickLeastOutstanding<T extends LoadedCandidate>(
  candidates: readonly T[],
  random: () => number,
): T | undefined {
  const weights = effectiveWeights(candidates);
  let bestLoad = Number.POSITIVE_INFINITY;
  let tied: T[] = [];
  candidates.forEach((candidate, i) => {
    const weight = weights[i] ?? 0;
    if (weight <= 0) return;
    const load = candidate.outstanding / weight;
    if (load < bestLoad) {
      bestLoad = load;
      tied = [candidate];
    } else if (load === bestLoad) {
      tied.push(candidate);
    }
  });
  return tied.length <= 1 ? tied[0] : pickWeightedRandom(tied, random);
}
