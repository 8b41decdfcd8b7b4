import type { PoolSpec, RouterConfig } from "../config/router-config";
import type { CallerGeo } from "./caller-geo";

/** Why a request went to a pool. `failover`: the steered pool was unusable. */
export type SteeringReason = "country" | "continent" | "default" | "failover";

export interface Steering {
  pool: PoolSpec;
  reason: Exclude<SteeringReason, "failover">;
}

/** Country map, then continent map, then the default pool. */
export function steer(config: RouterConfig, geo: CallerGeo): Steering {
  const byCountry = geo.country ? config.byCountry.get(geo.country) : undefined;
  if (byCountry) return { pool: byCountry, reason: "country" };
  const byContinent = geo.continent ? config.byContinent.get(geo.continent) : undefined;
  if (byContinent) return { pool: byContinent, reason: "continent" };
  return { pool: config.defaultPool, reason: "default" };
}

/** The steered pool first, then every other pool in failover order. */
export function poolSequence(config: RouterConfig, steered: PoolSpec): PoolSpec[] {
  return [steered, ...config.failoverOrder.filter((p) => p !== steered)];
}
