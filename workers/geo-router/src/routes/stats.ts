import { ApiError } from "@floodgate/contracts";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { loadRouterConfig } from "../config/load-config";
import { cooldownFor, ejectionCount } from "../health/ejection-backoff";
import { isEjected, unknownOriginHealth } from "../health/origin-health";
import { availableOrigins } from "../routing/choose-target";
import { runtime } from "../runtime";
import { timingSafeEqual } from "./timing-safe-equal";

/** One origin in `GET /stats`. */
export interface OriginStats {
  id: string;
  url: string;
  weight: number;
  enabled: boolean;
  /** `up`/`down` from active checks, and whether it takes traffic now (also not ejected). */
  state: "up" | "down";
  available: boolean;
  /** Epoch ms of the last state change (or of the first report); null if never reported on. */
  since: number | null;
  /** Epoch ms until which passive ejection keeps it out; null if not ejected. */
  ejectedUntil: number | null;
  /** Ms this cool-down lasts (`cooldownMs` × `ejections`, up to `maxCooldownMs`); null if not ejected. */
  ejectionCooldownMs: number | null;
  /** Ejections that count now towards the length of the next cool-down (this one's, while ejected). */
  ejections: number;
  /**
   * Live requests (those the client abandoned included) and failed ones (connection error,
   * timeout, one of `failureStatuses`), across all isolates.
   */
  requests: number;
  errors: number;
  /** Of `requests`, those sent in panic: no origin was available, this one was only ejected. */
  panicRequests: number;
  /** In flight from the isolate answering this request. */
  inFlight: number;
  /** EWMA of time to response headers (passed checks, live requests that did not fail), ms. */
  latencyEwmaMs: number | null;
  lastCheck: {
    passed: boolean;
    status: number | null;
    latencyMs: number;
    error: string | null;
    at: number;
  } | null;
}

export interface PoolStats {
  name: string;
  strategy: string;
  minHealthy: number;
  /** Enough available origins to take traffic (else it is skipped for failover). */
  usable: boolean;
  lastCheckAt: number | null;
  origins: OriginStats[];
}

/**
 * `GET /stats`: every pool and origin with health, counters and latency, and what is wrong with
 * the config (rows left out, a reload that could not be used). Flushes this isolate's buffered
 * traffic reports first and reads health fresh from each pool's HealthDO. When the `STATS_TOKEN`
 * secret is set it requires `Authorization: Bearer <token>`.
 */
export const stats = new Hono<AppEnv>().get("/", async (c) => {
  const settings = c.var.settings;
  if (settings.STATS_TOKEN) {
    const given = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!timingSafeEqual(given, settings.STATS_TOKEN)) {
      throw ApiError.unauthorized(
        "GET /stats needs Authorization: Bearer <STATS_TOKEN>.",
        "invalid_stats_token",
      );
    }
  }
  const { config, skipped, stale } = await loadRouterConfig(settings, Date.now());
  await runtime.health.flush(c.env.HEALTH, Date.now);
  const now = Date.now();
  const pools: PoolStats[] = await Promise.all(
    config.pools.map(async (pool) => {
      const snapshot = await runtime.health.snapshot(c.env.HEALTH, pool.name, now, 0);
      const takingTraffic = new Set(availableOrigins(pool, snapshot, now).map((o) => o.id));
      const origins = pool.origins.map((origin): OriginStats => {
        const h = snapshot.origins[origin.id] ?? unknownOriginHealth(null);
        const available = takingTraffic.has(origin.id);
        const ejected = isEjected(h, now);
        const ejections = ejectionCount(h, now, pool.ejection.cooldownMs);
        return {
          id: origin.id,
          url: origin.url,
          weight: origin.weight,
          enabled: origin.enabled,
          state: h.state,
          available,
          since: h.since,
          ejectedUntil: ejected ? h.ejectedUntil : null,
          ejectionCooldownMs: ejected ? cooldownFor(ejections, pool.ejection) : null,
          ejections,
          requests: h.requests,
          errors: h.errors,
          panicRequests: h.panicRequests,
          inFlight: runtime.load.outstanding(pool.name, origin.id),
          latencyEwmaMs: h.latencyEwmaMs === null ? null : Math.round(h.latencyEwmaMs * 10) / 10,
          lastCheck: h.lastCheck,
        };
      });
      return {
        name: pool.name,
        strategy: pool.strategy,
        minHealthy: pool.minHealthy,
        usable: origins.filter((o) => o.available).length >= pool.minHealthy,
        lastCheckAt: snapshot.lastCheckAt,
        origins,
      };
    }),
  );
  return c.json({
    generatedAt: now,
    config: { source: config.source, defaultPool: config.defaultPool.name, skipped, stale },
    pools,
  });
});
