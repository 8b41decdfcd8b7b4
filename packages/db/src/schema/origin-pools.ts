import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { originPoolStrategies } from "../enums";
import { insertedAtMs, updatedAtMs } from "./columns";

/** Active health check of a pool's origins. */
export interface PoolMonitor {
  /** Path requested on each origin, e.g. `/healthz`. */
  path: string;
  intervalMs: number;
  timeoutMs: number;
  /** HTTP statuses that count as healthy. */
  expectedCodes: number[];
  /** Consecutive successes before an origin is healthy again. */
  consecutiveUp: number;
  /** Consecutive failures before an origin is ejected. */
  consecutiveDown: number;
}

/** Geo-router region pools: `request.cf.country` → countries, then continents, then the default. */
export const originPools = sqliteTable(
  "origin_pools",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** ISO 3166-1 alpha-2 codes, as in `request.cf.country`. */
    countries: text("countries", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Continent codes, as in `request.cf.continent` (`EU`, `NA`, …). */
    continents: text("continents", { mode: "json" }).$type<string[]>().notNull().default([]),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    /** Failover goes to pools in ascending order. Default 0. */
    failoverOrder: integer("failover_order").notNull().default(0),
    strategy: text("strategy", { enum: originPoolStrategies }).notNull(),
    /** Fewer healthy origins than this and the pool fails over. Default 1. */
    minHealthy: integer("min_healthy").notNull().default(1),
    /** Null: no active health checks (passive ejection only). */
    monitor: text("monitor", { mode: "json" }).$type<PoolMonitor>(),
    /** Session affinity settings, validated by the geo-router. */
    affinity: text("affinity", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: insertedAtMs("created_at"),
    updatedAt: updatedAtMs("updated_at"),
  },
  (t) => [uniqueIndex("origin_pools_name_unique").on(t.name)],
);
