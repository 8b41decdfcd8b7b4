import { type Candidate, effectiveWeights } from "./candidate";

/**
 * Per-pool state of {@link pickRoundRobin}, kept in the isolate: each origin's current weight,
 * and which candidate set that was computed for.
 */
export interface RoundRobinState {
  candidates: string;
  current: Map<string, number>;
}

export function newRoundRobinState(): RoundRobinState {
  return { candidates: "", current: new Map() };
}

/**
 * Smooth weighted round robin (nginx's algorithm): with equal weights a plain rotation; with
 * unequal weights each origin gets exactly its share over a cycle, interleaved rather than in
 * bursts. When the candidate set changes (an origin went down or came back) the cycle restarts,
 * so a stale weight can't skew the new rotation. Mutates `state`.
 */
export function pickRoundRobin<T extends Candidate>(
  candidates: readonly T[],
  state: RoundRobinState,
): T | undefined {
  const weights = effectiveWeights(candidates);
  const key = candidates.map((c, i) => `${c.id}=${weights[i]}`).join("\u0000");
  if (key !== state.candidates) {
    state.candidates = key;
    state.current.clear();
  }
  let total = 0;
  let best: T | undefined;
  let bestCurrent = Number.NEGATIVE_INFINITY;
  candidates.forEach((candidate, i) => {
    const weight = weights[i] ?? 0;
    if (weight <= 0) return;
    const current = (state.current.get(candidate.id) ?? 0) + weight;
    state.current.set(candidate.id, current);
    total += weight;
    if (current > bestCurrent) {
      bestCurrent = current;
      best = candidate;
    }
  });
  if (best) state.current.set(best.id, bestCurrent - total);
  return best;
}
