import { type Candidate, effectiveWeights } from "./candidate";

/** Picks a candidate with probability proportional to its weight. `random` returns [0, 1). */
export function pickWeightedRandom<T extends Candidate>(
  candidates: readonly T[],
  random: () => number,
): T | undefined {
  const weights = effectiveWeights(candidates);
  const total = weights.reduce((sum, w) => sum + w, 0);
  let point = random() * total;
  for (let i = 0; i < candidates.length; i++) {
    const weight = weights[i] ?? 0;
    if (weight <= 0) continue;
    if (point < weight) return candidates[i];
    point -= weight;
  }
  // Floating-point leftovers: the last candidate with a weight.
  for (let i = candidates.length - 1; i >= 0; i--) {
    if ((weights[i] ?? 0) > 0) return candidates[i];
  }
  return undefined;
}
