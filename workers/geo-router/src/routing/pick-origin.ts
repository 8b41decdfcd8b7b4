import type { PoolStrategy } from "@floodgate/contracts";
import type { LoadedCandidate } from "./least-outstanding";
import { pickLeastOutstanding } from "./least-outstanding";
import { pickLowestLatency, type TimedCandidate } from "./lowest-latency";
import { pickRendezvous } from "./rendezvous-hash";
import { pickRoundRobin, type RoundRobinState } from "./smooth-round-robin";
import { pickWeightedRandom } from "./weighted-random";

/** What every strategy may look at for one origin. */
export interface StrategyCandidate extends LoadedCandidate, TimedCandidate {}

export interface PickContext {
  /** The pool's round-robin state (isolate memory). */
  roundRobin: RoundRobinState;
  /**
   * Client key for `ip_hash`: the caller's IP; null when unknown (a request through a service
   * binding, e.g. from the proxy, which does not pass the caller's address on).
   */
  clientKey: string | null;
  /** [0, 1). */
  random: () => number;
}

/** Picks one of the (already healthy, untried) candidates with the pool's strategy. */
export function pickOrigin<T extends StrategyCandidate>(
  strategy: PoolStrategy,
  candidates: readonly T[],
  context: PickContext,
): T | undefined {
  switch (strategy) {
    case "round_robin":
      return pickRoundRobin(candidates, context.roundRobin);
    case "weighted":
      return pickWeightedRandom(candidates, context.random);
    case "least_outstanding":
      return pickLeastOutstanding(candidates, context.random);
    case "ip_hash":
      // Without an IP there is nothing to pin to: hashing one shared key would send everything
      // to one origin.
      return context.clientKey === null
        ? pickWeightedRandom(candidates, context.random)
        : pickRendezvous(candidates, context.clientKey);
    case "latency":
      return pickLowestLatency(candidates, context.random);
  }
}
