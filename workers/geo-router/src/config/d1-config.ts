import {
  originConfigSchema,
  originPoolConfigSchema,
  type RouterConfigParsed,
} from "@floodgate/contracts";
import { createDb, originPools, origins } from "@floodgate/db";
import { asc, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "zod";
import { assembleRouterConfig, type ConfigResult, describeIssues } from "./router-config";

type PoolConfig = RouterConfigParsed["pools"][number];
type OriginConfig = PoolConfig["origins"][number];

/**
 * A pool as its D1 row describes it. Its origins are the origin rows that validate, so it may
 * have fewer than `minHealthy` of them, or none: then it is never usable and its callers fail
 * over, as when those origins are down.
 */
const d1PoolSchema = originPoolConfigSchema.extend({ origins: z.array(originConfigSchema) });

/** A JSON column as the text D1 holds: drizzle's JSON mode would throw on a malformed one. */
const rawText = (column: SQLWrapper): SQL<string | null> => sql<string | null>`${column}`;

/**
 * Reads pools and origins from D1 (one batch, two queries) and validates them row by row: a row
 * that does not validate is left out and named in `skipped` (with what is wrong, never its
 * values), and the rest is the config. A bad origin row only takes that origin out; a bad pool
 * row takes the pool out, so its countries go by continent, then to the default pool. The
 * default pool is the valid one flagged `is_default` (else the first in failover order); failover
 * order is `failover_order`, then name, and a country two pools list stays with the earlier one.
 * Invalid only when no pool is left.
 */
export async function readD1Config(d1: D1Database): Promise<ConfigResult> {
  const db = createDb(d1);
  const [poolRows, originRows] = await db.batch([
    db
      .select({
        id: originPools.id,
        name: originPools.name,
        countries: rawText(originPools.countries),
        continents: rawText(originPools.continents),
        isDefault: originPools.isDefault,
        strategy: originPools.strategy,
        minHealthy: originPools.minHealthy,
        monitor: rawText(originPools.monitor),
        affinity: rawText(originPools.affinity),
      })
      .from(originPools)
      .orderBy(asc(originPools.failoverOrder), asc(originPools.name)),
    db
      .select({
        id: origins.id,
        poolId: origins.poolId,
        url: origins.url,
        weight: origins.weight,
        enabled: origins.enabled,
      })
      .from(origins)
      .orderBy(asc(origins.createdAt), asc(origins.id)),
  ]);

  const skipped: string[] = [];
  const originsByPool = new Map<string, { rows: number; valid: OriginConfig[] }>();
  for (const row of originRows) {
    const entry = originsByPool.get(row.poolId) ?? { rows: 0, valid: [] };
    originsByPool.set(row.poolId, entry);
    entry.rows += 1;
    const parsed = originConfigSchema.safeParse({
      id: row.id,
      url: row.url,
      weight: row.weight,
      enabled: row.enabled,
    });
    if (parsed.success) entry.valid.push(parsed.data);
    else
      skipped.push(
        `origins row ${row.id} (pool row ${row.poolId}): ${describeIssues(parsed.error).join("; ")}`,
      );
  }

  const pools: Array<PoolConfig & { isDefault: boolean }> = [];
  for (const row of poolRows) {
    const problems: string[] = [];
    const json = (column: string, text: string | null): unknown => {
      if (text === null) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        problems.push(`${column}: not valid JSON`);
        return undefined;
      }
    };
    const poolOrigins = originsByPool.get(row.id) ?? { rows: 0, valid: [] };
    const parsed = d1PoolSchema.safeParse({
      name: row.name,
      countries: json("countries", row.countries),
      continents: json("continents", row.continents),
      origins: poolOrigins.valid,
      minHealthy: row.minHealthy,
      strategy: row.strategy,
      monitor: json("monitor", row.monitor) ?? null,
      affinity: json("affinity", row.affinity),
    });
    if (!parsed.success) problems.push(...describeIssues(parsed.error));
    else if (poolOrigins.rows === 0) problems.push("origins: the pool has no origin rows");
    else if (parsed.data.minHealthy > poolOrigins.rows)
      problems.push(
        `minHealthy: ${parsed.data.minHealthy} can never be met by the pool's ${poolOrigins.rows} origin row(s)`,
      );
    if (problems.length > 0 || !parsed.success) {
      const role = row.isDefault ? ", the default pool" : "";
      skipped.push(`origin_pools row ${row.id} (${row.name}${role}): ${problems.join("; ")}`);
      continue;
    }
    pools.push({ ...parsed.data, isDefault: row.isDefault });
  }

  const defaultPool = pools.find((p) => p.isDefault) ?? pools[0];
  if (!defaultPool) {
    return {
      ok: false,
      problems: [
        ...skipped,
        poolRows.length === 0 ? "origin_pools: no pools" : "origin_pools: no valid pool",
      ],
    };
  }
  const result = assembleRouterConfig(
    {
      defaultPool: defaultPool.name,
      failoverOrder: pools.map((p) => p.name),
      pools: pools.map(({ isDefault: _, ...pool }) => pool),
    },
    "d1",
    "first_wins",
  );
  return result.ok ? { ...result, skipped: [...skipped, ...result.skipped] } : result;
}
