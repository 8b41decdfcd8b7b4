import { type Candidate, effectiveWeights } from "./candidate";
import { hashUnit } from "./hash";

/**
 * Weighted rendezvous (highest-random-weight) hashing: every (key, origin) pair gets a score and
 * the key goes to the highest. Consistent by construction: removing an origin moves only the keys
 * that were on it, and adding one takes only its share from the others. Shares follow the weights.
 */
export function pickRendezvous<T extends Candidate>(
  candidates: readonly T[],
  key: string,
): T | undefined {
  const weights = effectiveWeights(candidates);
  let best: T | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  candidates.forEach((candidate, i) => {
    const weight = weights[i] ?? 0;
    if (weight <= 0) return;
    const score = -weight / Math.log(hashUnit(`${candidate.id}\u0000${key}`));
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  });
  return best;
}
