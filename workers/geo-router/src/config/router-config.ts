import {
  type Affinity,
  defaultOriginId,
  type PassiveEjection,
  type PoolMonitor,
  type PoolStrategy,
  type RouterConfigParsed,
  routerConfigSchema,
} from "@floodgate/contracts";
import type { ZodError } from "zod";

/** One origin, normalized: its id is always set. */
export interface OriginSpec {
  id: string;
  url: string;
  /** Relative share, 0..1; 0 = drained. */
  weight: number;
  enabled: boolean;
}

export interface PoolSpec {
  name: string;
  countries: string[];
  continents: string[];
  origins: OriginSpec[];
  minHealthy: number;
  strategy: PoolStrategy;
  monitor: PoolMonitor | null;
  ejection: PassiveEjection;
  affinity: Affinity;
}

export type ConfigSource = "d1" | "static";

/** The validated config with its lookup tables, as the hot path uses it. */
export interface RouterConfig {
  source: ConfigSource;
  defaultPool: PoolSpec;
  /** Every pool, by preference: the configured failover order, then the rest in config order. */
  failoverOrder: PoolSpec[];
  pools: PoolSpec[];
  byCountry: ReadonlyMap<string, PoolSpec>;
  byContinent: ReadonlyMap<string, PoolSpec>;
  byName: ReadonlyMap<string, PoolSpec>;
}

/**
 * A config, or why there is none. `skipped` says what was left out of a config that is otherwise
 * valid (D1 rows that do not validate, a country a later pool lists too); empty for static JSON,
 * which is valid as a whole or not at all.
 */
export type ConfigResult =
  | { ok: true; config: RouterConfig; skipped: string[] }
  | { ok: false; problems: string[] };

/** `path: message` for each zod issue. Zod's messages never quote the rejected value. */
export function describeIssues(error: ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
}

/**
 * Validates a whole raw config (the static JSON) with zod and builds the lookup tables. Any
 * problem makes it invalid.
 */
export function buildRouterConfig(raw: unknown, source: ConfigSource): ConfigResult {
  const parsed = routerConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  return assembleRouterConfig(parsed.data, source, "reject");
}

/**
 * What to do with a country or continent that two pools list: make the config invalid, or let
 * the pool earlier in `pools` keep it (and say so in `skipped`).
 */
export type OverlapPolicy = "reject" | "first_wins";

/** Builds the lookup tables of pools that each validated on their own. */
export function assembleRouterConfig(
  data: RouterConfigParsed,
  source: ConfigSource,
  overlaps: OverlapPolicy,
): ConfigResult {
  const problems: string[] = [];
  const skipped: string[] = [];
  const pools: PoolSpec[] = data.pools.map((pool) => ({
    ...pool,
    // Listed twice by one pool is listed once, not a conflict.
    countries: [...new Set(pool.countries)],
    continents: [...new Set(pool.continents)],
    origins: pool.origins.map((o) => ({
      id: o.id ?? defaultOriginId(o.url),
      url: o.url,
      weight: o.weight,
      enabled: o.enabled,
    })),
  }));
  const byName = new Map(pools.map((p) => [p.name, p]));
  const index = (kind: string, codes: (p: PoolSpec) => string[]) => {
    const map = new Map<string, PoolSpec>();
    for (const pool of pools) {
      for (const code of codes(pool)) {
        const other = map.get(code);
        if (!other) map.set(code, pool);
        else if (overlaps === "reject")
          problems.push(`${kind} ${code} is listed by pools ${other.name} and ${pool.name}`);
        else
          skipped.push(
            `${kind} ${code} of pool ${pool.name} is left out: pool ${other.name} lists it`,
          );
      }
    }
    return map;
  };
  const byCountry = index("country", (p) => p.countries);
  const byContinent = index("continent", (p) => p.continents);
  const defaultPool = byName.get(data.defaultPool);
  if (!defaultPool) problems.push(`defaultPool: unknown pool ${data.defaultPool}`);
  if (problems.length > 0 || !defaultPool) return { ok: false, problems };

  const listed = (data.failoverOrder ?? []).flatMap((name) => byName.get(name) ?? []);
  const failoverOrder = [...new Set([...listed, ...pools])];
  return {
    ok: true,
    config: { source, defaultPool, failoverOrder, pools, byCountry, byContinent, byName },
    skipped,
  };
}
