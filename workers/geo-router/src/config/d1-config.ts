import type { RouterConfigInput } from "@floodgate/contracts";
import { createDb, originPools, origins } from "@floodgate/db";
import { asc } from "drizzle-orm";

/**
 * Reads pools and origins from D1 (one batch, two queries) into the raw config shape, for
 * {@link buildRouterConfig} to validate. The default pool is the one flagged `is_default` (the
 * first in failover order if none is); failover order is `failover_order`, then name.
 */
export async function readD1Config(d1: D1Database): Promise<RouterConfigInput> {
  const db = createDb(d1);
  const [poolRows, originRows] = await db.batch([
    db.select().from(originPools).orderBy(asc(originPools.failoverOrder), asc(originPools.name)),
    db.select().from(origins).orderBy(asc(origins.createdAt), asc(origins.id)),
  ]);
  const poolNameById = new Map(poolRows.map((p) => [p.id, p.name]));
  const originsByPool = new Map<string, RouterConfigInput["pools"][number]["origins"]>();
  for (const o of originRows) {
    if (!poolNameById.has(o.poolId)) continue;
    const list = originsByPool.get(o.poolId) ?? [];
    list.push({ id: o.id, url: o.url, weight: o.weight, enabled: o.enabled });
    originsByPool.set(o.poolId, list);
  }
  const defaultPool = poolRows.find((p) => p.isDefault) ?? poolRows[0];
  return {
    defaultPool: defaultPool?.name ?? "",
    failoverOrder: poolRows.map((p) => p.name),
    pools: poolRows.map((p) => ({
      name: p.name,
      countries: p.countries,
      continents: p.continents,
      origins: originsByPool.get(p.id) ?? [],
      minHealthy: p.minHealthy,
      strategy: p.strategy,
      monitor: p.monitor ?? null,
      // D1 has no column for passive ejection yet: its defaults apply.
      affinity: (p.affinity as RouterConfigInput["pools"][number]["affinity"]) ?? { mode: "none" },
    })),
  };
}
