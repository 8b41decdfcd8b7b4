/** An origin as the strategies see it: an id and its relative weight (0 = drained). */
export interface Candidate {
  id: string;
  weight: number;
}

/**
 * The weights a strategy should use: as configured, unless every candidate is drained (weight 0),
 * in which case all count equally, so a pool whose origins were all set to 0 still answers
 * rather than failing every request.
 */
export function effectiveWeights<T extends Candidate>(candidates: readonly T[]): number[] {
  const weights = candidates.map((c) => (Number.isFinite(c.weight) && c.weight > 0 ? c.weight : 0));
  return weights.some((w) => w > 0) ? weights : candidates.map(() => 1);
}
