import type { OriginSpec, PoolSpec } from "../config/router-config";
import { isAvailable, type PoolHealthSnapshot, unknownOriginHealth } from "../health/origin-health";
import { type AffinityInput, pickAffinity } from "./affinity";
import { type PickContext, pickOrigin } from "./pick-origin";
import type { Steering, SteeringReason } from "./steering";

/**
 * The origins of a pool that take traffic now. Drained origins (weight 0) take none while any
 * enabled origin of the pool has a weight, even when those are down: they neither count towards
 * `minHealthy` nor catch retries. A pool whose enabled origins are all drained uses them all.
 */
export function availableOrigins(
  pool: PoolSpec,
  health: PoolHealthSnapshot,
  now: number,
): OriginSpec[] {
  const activeChecks = pool.monitor !== null;
  const enabled = pool.origins.filter((o) => o.enabled);
  const weighted = enabled.some((o) => o.weight > 0)
    ? enabled.filter((o) => o.weight > 0)
    : enabled;
  return weighted.filter((o) =>
    isAvailable(health.origins[o.id] ?? unknownOriginHealth(null), now, activeChecks),
  );
}

export interface Target {
  pool: PoolSpec;
  origin: OriginSpec;
  reason: SteeringReason;
  /** True when session affinity chose the origin (no new cookie needed). */
  pinned: boolean;
}

export type TargetChoice =
  | { found: true; target: Target }
  | { found: false; inspected: Array<{ pool: PoolSpec; health: PoolHealthSnapshot }> };

export interface ChooseInput {
  steering: Steering;
  /** The steered pool first, then the failover order. */
  pools: readonly PoolSpec[];
  /** `${pool}\u0000${origin}` of origins this request already tried. */
  tried: ReadonlySet<string>;
  health: (pool: PoolSpec) => Promise<PoolHealthSnapshot>;
  /** This isolate's view of an origin's load; `health` is the pool's shared state. */
  load: (
    pool: PoolSpec,
    origin: OriginSpec,
    health: PoolHealthSnapshot,
  ) => { outstanding: number; latencyEwmaMs: number | null };
  pick: (pool: PoolSpec) => PickContext;
  affinity: AffinityInput;
  now: number;
}

/**
 * Walks the pools in order and takes the first usable one (at least `minHealthy` available
 * origins) that still has an origin this request has not tried; inside it, session affinity, then
 * the pool's strategy. If no pool is usable, any available untried origin is better than a 503,
 * so a second pass takes the first one found. Health is loaded lazily: the usual request reads
 * only its steered pool.
 */
export async function chooseTarget(input: ChooseInput): Promise<TargetChoice> {
  const inspected: Array<{ pool: PoolSpec; health: PoolHealthSnapshot; available: OriginSpec[] }> =
    [];
  const attempt = (
    pool: PoolSpec,
    health: PoolHealthSnapshot,
    available: OriginSpec[],
    index: number,
  ): Target | undefined => {
    const untried = available.filter((o) => !input.tried.has(`${pool.name}\u0000${o.id}`));
    if (untried.length === 0) return undefined;
    const reason: SteeringReason = index === 0 ? input.steering.reason : "failover";
    const pinned = pickAffinity(pool.affinity, input.affinity, untried);
    if (pinned) return { pool, origin: pinned, reason, pinned: true };
    const candidates = untried.map((origin) => ({
      ...input.load(pool, origin, health),
      id: origin.id,
      weight: origin.weight,
      origin,
    }));
    const picked = pickOrigin(pool.strategy, candidates, input.pick(pool));
    return picked ? { pool, origin: picked.origin, reason, pinned: false } : undefined;
  };

  for (const [index, pool] of input.pools.entries()) {
    const health = await input.health(pool);
    const available = availableOrigins(pool, health, input.now);
    inspected.push({ pool, health, available });
    if (available.length < pool.minHealthy) continue;
    const target = attempt(pool, health, available, index);
    if (target) return { found: true, target };
  }
  for (const [index, entry] of inspected.entries()) {
    const target = attempt(entry.pool, entry.health, entry.available, index);
    if (target) return { found: true, target };
  }
  return { found: false, inspected };
}
