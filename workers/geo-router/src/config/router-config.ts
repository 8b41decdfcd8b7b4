import {
  type Affinity,
  defaultOriginId,
  type PassiveEjection,
  type PoolMonitor,
  type PoolStrategy,
  type RouterConfigParsed,
  routerConfigSchema,
} from "@floodgate/contracts";

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

export type ConfigResult = { ok: true; config: RouterConfig } | { ok: false; problems: string[] };

/** Validates raw config (from JSON or D1 rows) with zod and builds the lookup tables. */
export function buildRouterConfig(raw: unknown, source: ConfigSource): ConfigResult {
  const parsed = routerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    };
  }
  return normalize(parsed.data, source);
}

function normalize(data: RouterConfigParsed, source: ConfigSource): ConfigResult {
  const problems: string[] = [];
  const pools: PoolSpec[] = data.pools.map((pool) => ({
    ...pool,
    origins: pool.origins.map((o) => ({
      id: o.id ?? defaultOriginId(o.url),
      url: o.url,
      weight: o.weight,
      enabled: o.enabled,
    })),
  }));
  const byName = new Map(pools.map((p) => [p.name, p]));
  const byCountry = new Map<string, PoolSpec>();
  const byContinent = new Map<string, PoolSpec>();
  for (const pool of pools) {
    for (const country of pool.countries) {
      const other = byCountry.get(country);
      if (other)
        problems.push(`country ${country} is listed by pools ${other.name} and ${pool.name}`);
      else byCountry.set(country, pool);
    }
    for (const continent of pool.continents) {
      const other = byContinent.get(continent);
      if (other)
        problems.push(`continent ${continent} is listed by pools ${other.name} and ${pool.name}`);
      else byContinent.set(continent, pool);
    }
  }
  const defaultPool = byName.get(data.defaultPool);
  if (!defaultPool) problems.push(`defaultPool: unknown pool ${data.defaultPool}`);
  if (problems.length > 0 || !defaultPool) return { ok: false, problems };

  const listed = (data.failoverOrder ?? []).flatMap((name) => byName.get(name) ?? []);
  const failoverOrder = [...new Set([...listed, ...pools])];
  return {
    ok: true,
    config: { source, defaultPool, failoverOrder, pools, byCountry, byContinent, byName },
  };
}
