import type { OriginSpec, PoolSpec } from "../config/router-config";
import {
  isAvailable,
  isOnlyEjected,
  type OriginHealth,
  type PoolHealthSnapshot,
  unknownOriginHealth,
} from "../health/origin-health";
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
  return originsWhere(pool, health, (h, activeChecks) => isAvailable(h, now, activeChecks));
}

/**
 * The origins of a pool that panic routing may use: those out only by passive ejection (see
 * {@link isOnlyEjected}), drained ones left aside as in {@link availableOrigins}.
 */
export function panicOrigins(
  pool: PoolSpec,
  health: PoolHealthSnapshot,
  now: number,
): OriginSpec[] {
  return originsWhere(pool, health, (h, activeChecks) => isOnlyEjected(h, now, activeChecks));
}

function originsWhere(
  pool: PoolSpec,
  health: PoolHealthSnapshot,
  test: (health: OriginHealth, activeChecks: boolean) => boolean,
): OriginSpec[] {
  const activeChecks = pool.monitor !== null;
  const enabled = pool.origins.filter((o) => o.enabled);
  const weighted = enabled.some((o) => o.weight > 0)
    ? enabled.filter((o) => o.weight > 0)
    : enabled;
  return weighted.filter((o) =>
    test(health.origins[o.id] ?? unknownOriginHealth(null), activeChecks),
  );
}

export interface Target {
  pool: PoolSpec;
  origin: OriginSpec;
  reason: SteeringReason;
  /** True when session affinity chose the origin (no new cookie needed). */
  pinned: boolean;
  /** True when no origin was available and this one is out only by passive ejection. */
  panic: boolean;
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

interface Inspected {
  pool: PoolSpec;
  health: PoolHealthSnapshot;
  available: OriginSpec[];
}

/**
 * Walks the pools in order and takes the first usable one (at least `minHealthy` available
 * origins) that still has an origin this request has not tried; inside it, session affinity, then
 * the pool's strategy. If no pool is usable, any available untried origin is better than a 503,
 * so a second pass takes the first one found. Health is loaded lazily: the usual request reads
 * only its steered pool.
 *
 * When no origin of any pool is available, the router panics (as Envoy does below its panic
 * threshold): origins out only by passive ejection serve, chosen the same way. Ejection counts
 * live failures, which a client can cause; without panic, one that makes every origin answer 500
 * would take the whole service down for the cool-down. Origins active checks took down stay out.
 */
export async function chooseTarget(input: ChooseInput): Promise<TargetChoice> {
  const inspected: Inspected[] = [];
  const attempt = (
    { pool, health }: Inspected,
    origins: OriginSpec[],
    index: number,
    panic: boolean,
  ): Target | undefined => {
    const untried = origins.filter((o) => !input.tried.has(`${pool.name}\u0000${o.id}`));
    if (untried.length === 0) return undefined;
    const reason: SteeringReason = index === 0 ? input.steering.reason : "failover";
    const pinned = pickAffinity(pool.affinity, input.affinity, untried);
    if (pinned) return { pool, origin: pinned, reason, pinned: true, panic };
    const candidates = untried.map((origin) => ({
      ...input.load(pool, origin, health),
      id: origin.id,
      weight: origin.weight,
      origin,
    }));
    const picked = pickOrigin(pool.strategy, candidates, input.pick(pool));
    return picked ? { pool, origin: picked.origin, reason, pinned: false, panic } : undefined;
  };
  /**
   * The pools in order again, taking origins from `originsOf`: first a pool with at least
   * `minHealthy` of them, else the first with any (for available origins, the first pass only
   * repeats what the loop below found nothing in).
   */
  const walk = (
    originsOf: (entry: Inspected) => OriginSpec[],
    panic: boolean,
  ): Target | undefined => {
    const lists = inspected.map(originsOf);
    for (const usableOnly of [true, false]) {
      for (const [index, entry] of inspected.entries()) {
        const origins = lists[index] ?? [];
        if (usableOnly && origins.length < entry.pool.minHealthy) continue;
        const target = attempt(entry, origins, index, panic);
        if (target) return target;
      }
    }
    return undefined;
  };

  for (const [index, pool] of input.pools.entries()) {
    const health = await input.health(pool);
    const entry = { pool, health, available: availableOrigins(pool, health, input.now) };
    inspected.push(entry);
    if (entry.available.length < pool.minHealthy) continue;
    const target = attempt(entry, entry.available, index, false);
    if (target) return { found: true, target };
  }
  const target =
    walk((entry) => entry.available, false) ??
    (inspected.every((entry) => entry.available.length === 0)
      ? walk((entry) => panicOrigins(entry.pool, entry.health, input.now), true)
      : undefined);
  return target ? { found: true, target } : { found: false, inspected };
}
